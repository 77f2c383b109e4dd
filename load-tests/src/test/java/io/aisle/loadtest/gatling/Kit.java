package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What every scenario shares: the settings run.sh passes as system properties, the catalogue (read
 * from the fleet), random baskets and addresses over the city, the HTTP protocol (loopback only,
 * round-robin over the gateways), the requests with their recording, and the open-model injection
 * profiles with the phases they report.
 *
 * <pre>
 * kit.gateways   http://127.0.0.1:18080[,http://127.0.0.1:18081]   round-robin arrival by arrival
 * kit.fleet      http://127.0.0.1:18090                              catalogue, control API
 * kit.rate       main requests per second (the top of a stepped rate, the base of a surge)
 * kit.seconds    how long the main load lasts
 * kit.steps      1: constant rate after a short ramp; N: N equal levels up to kit.rate
 * kit.apiKey     the super-app client's Bearer key
 * kit.out        where the Recorder's JSON goes
 * kit.seed       random baskets and addresses
 * kit.pollShare / kit.pollMax / kit.deliverWithinSeconds   the sample of orders followed to DELIVERED
 * kit.faults / kit.faultSeconds                            DegradedStores: the mix and how long it lasts
 * </pre>
 */
public final class Kit {

    public static final double CENTRE_LAT = 30.5928;
    public static final double CENTRE_LON = 114.3055;
    /** Addresses are spread over a disc of this radius around the centre (the fleet's stores over 25 km). */
    public static final double ADDRESS_RADIUS_KM = 10;

    public final List<String> gateways;
    public final String fleet;
    public final double rate;
    public final int seconds;
    public final int steps;
    public final String apiKey;
    public final Path out;
    public final long seed;
    public final double pollShare;
    public final int pollMax;
    public final int deliverWithinSeconds;
    public final Recorder recorder = new Recorder();
    public final List<Item> catalogue;

    private final AtomicInteger polled = new AtomicInteger();
    private final AtomicInteger households = new AtomicInteger();
    private final AtomicInteger arrivals = new AtomicInteger();

    public record Item(String gtin, String name, String category) {
    }

    public Kit(double defaultRate, int defaultSeconds, int defaultSteps) {
        gateways = Arrays.stream(setting("kit.gateways", "http://127.0.0.1:18080").split(",")).map(String::strip).toList();
        fleet = setting("kit.fleet", "http://127.0.0.1:18090");
        rate = Double.parseDouble(setting("kit.rate", Double.toString(defaultRate)));
        seconds = Integer.parseInt(setting("kit.seconds", Integer.toString(defaultSeconds)));
        steps = Integer.parseInt(setting("kit.steps", Integer.toString(defaultSteps)));
        apiKey = setting("kit.apiKey", "kit-superapp-key");
        out = Path.of(setting("kit.out", "load-tests/target/kit/recorder.json"));
        seed = Long.parseLong(setting("kit.seed", "20200123"));
        pollShare = Double.parseDouble(setting("kit.pollShare", "0.05"));
        pollMax = Integer.parseInt(setting("kit.pollMax", "200"));
        deliverWithinSeconds = Integer.parseInt(setting("kit.deliverWithinSeconds", "120"));
        Stream.concat(gateways.stream(), Stream.of(fleet)).forEach(Kit::requireLoopback);
        if (rate <= 0 || seconds <= 0 || steps <= 0) {
            throw new IllegalArgumentException("kit.rate, kit.seconds and kit.steps must be positive");
        }
        catalogue = readCatalogue(fleet);
        recorder.note("gateways", gateways);
        recorder.note("rate", rate);
        recorder.note("seconds", seconds);
        recorder.note("steps", steps);
    }

    public static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static void requireLoopback(String url) {
        String host = URI.create(url).getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("the kit sends load to loopback only, not " + url);
        }
    }

    private static List<Item> readCatalogue(String fleet) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(fleet + "/sim/catalog"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode items = new ObjectMapper().readTree(response.body()).get("items");
            List<Item> result = new ArrayList<>();
            items.forEach(item -> result.add(new Item(item.get("gtin").asText(), item.get("name").asText(), item.get("category").asText())));
            if (result.isEmpty()) {
                throw new IllegalStateException("the fleet's catalogue is empty");
            }
            return List.copyOf(result);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the fleet's catalogue at " + fleet + "/sim/catalog: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- protocol ---------------------------------------------------------------------------------

    public HttpProtocolBuilder protocol() {
        return http.baseUrl(gateways.get(0))
                .shareConnections()
                .disableWarmUp()
                .disableCaching()
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .authorizationHeader("Bearer " + apiKey)
                .userAgentHeader("aisle-load-test-kit");
    }

    // --- baskets and addresses --------------------------------------------------------------------

    /** A feeder of orders: unique Idempotency-Key, 1-8 random catalogue products (or only these categories), an address over the city. */
    public Iterator<Map<String, Object>> orders(List<String> categories) {
        List<Item> pool = categories.isEmpty() ? catalogue
                : catalogue.stream().filter(i -> categories.contains(i.category())).toList();
        SplittableRandom random = new SplittableRandom(seed);
        return Stream.generate((Supplier<Map<String, Object>>) () -> {
            SplittableRandom r;
            synchronized (random) {
                r = random.split();
            }
            Map<String, Object> values = new HashMap<>();
            int arrival = arrivals.getAndIncrement();
            // round-robin over the gateways, arrival by arrival (one gateway, or a load balancer in front: always the same)
            values.put("gw", gateways.get(arrival % gateways.size()));
            values.put("key", "kit-" + UUID.randomUUID());
            values.put("body", basketJson(pool, r, true, households.incrementAndGet()));
            values.put("quoteBody", basketJson(pool, r, false, 0));
            values.put("term", searchTerm(r));
            return values;
        }).iterator();
    }

    private String searchTerm(SplittableRandom r) {
        Item item = catalogue.get(r.nextInt(catalogue.size()));
        String[] words = item.name().split(" ");
        return r.nextBoolean() ? item.category() : words[words.length - 1].toLowerCase(Locale.ROOT);
    }

    private static String basketJson(List<Item> pool, SplittableRandom r, boolean order, int household) {
        double distance = ADDRESS_RADIUS_KM * Math.sqrt(r.nextDouble());
        double angle = r.nextDouble() * 2 * Math.PI;
        double lat = CENTRE_LAT + distance * Math.cos(angle) / 111.32;
        double lon = CENTRE_LON + distance * Math.sin(angle) / (111.32 * Math.cos(Math.toRadians(CENTRE_LAT)));
        int lines = 1 + r.nextInt(Math.min(8, pool.size()));
        List<Item> chosen = new ArrayList<>();
        while (chosen.size() < lines) {
            Item item = pool.get(r.nextInt(pool.size()));
            if (!chosen.contains(item)) {
                chosen.add(item);
            }
        }
        StringBuilder json = new StringBuilder(256);
        json.append(String.format(Locale.ROOT, "{\"deliveryAddress\":{\"lat\":%.6f,\"lon\":%.6f},\"lines\":[", lat, lon));
        for (int i = 0; i < chosen.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"gtin\":\"").append(chosen.get(i).gtin()).append("\",\"quantity\":")
                    .append(1 + r.nextInt(3));
            if (r.nextInt(10) < 3) {
                json.append(",\"substitution\":{\"mode\":\"SIMILAR\"}");
            }
            json.append('}');
        }
        json.append(']');
        if (order) {
            json.append(",\"customerRef\":\"hh-").append(household).append("\",\"acceptPartial\":true");
        }
        return json.append('}').toString();
    }

    // --- requests ---------------------------------------------------------------------------------

    /** Clears what the previous request saved and notes when this one is sent. */
    private static ChainBuilder sending() {
        return exec(session -> session.removeAll("status", "ptype", "outcomes", "orderStatus").set("t0", System.nanoTime()));
    }

    private ChainBuilder recorded(String kind, HttpRequestActionBuilder request) {
        return sending().exec(request).exec(session -> {
            recorder.record(kind, session.getLong("t0"), session.contains("status") ? session.getInt("status") : 0,
                    session.contains("ptype") ? session.getString("ptype") : null,
                    session.contains("outcomes") ? session.<String>getList("outcomes") : List.of());
            return session;
        });
    }

    /** {@code POST /v1/orders} with the feeder's key and body; saves {@code orderId} when created. */
    public ChainBuilder placeOrder() {
        return exec(session -> session.remove("orderId")).exec(recorded("order", http("POST /v1/orders").post("#{gw}/v1/orders")
                .header("Idempotency-Key", "#{key}")
                .body(StringBody("#{body}"))
                .check(status().saveAs("status"),
                        jsonPath("$.type").optional().saveAs("ptype"),
                        jsonPath("$.stores[*].outcome").findAll().optional().saveAs("outcomes"),
                        jsonPath("$.orderId").optional().saveAs("orderId"),
                        status().in(200, 201))))
                .exec(session -> {
                    boolean created = session.contains("orderId") && session.contains("status") && session.getInt("status") == 201;
                    if (created) {
                        recorder.event("order", "created through " + session.getString("gw"), 0);
                    }
                    return created ? session.set("createdAt", System.nanoTime()).set("created", true) : session.set("created", false);
                });
    }

    /** {@code POST /v1/quotes} with the feeder's basket. */
    public ChainBuilder quote() {
        return recorded("quote", http("POST /v1/quotes").post("#{gw}/v1/quotes")
                .body(StringBody("#{quoteBody}"))
                .check(status().saveAs("status"),
                        jsonPath("$.type").optional().saveAs("ptype"),
                        jsonPath("$.stores[*].outcome").findAll().optional().saveAs("outcomes"),
                        status().is(200)));
    }

    /** {@code GET /v1/catalog?q=term}. */
    public ChainBuilder searchCatalog() {
        return recorded("catalog", http("GET /v1/catalog").get("#{gw}/v1/catalog?q=#{term}&limit=20")
                .check(status().saveAs("status"), jsonPath("$.type").optional().saveAs("ptype"), status().is(200)));
    }

    /**
     * For a sample of the created orders (kit.pollShare, at most kit.pollMax): polls
     * {@code GET /v1/orders/{id}} every 2 s until DELIVERED, another final status, or
     * kit.deliverWithinSeconds; counts each outcome (event {@code DELIVERED} with the time from the
     * order's answer to the poll that saw it).
     */
    public ChainBuilder followToDelivered() {
        ChainBuilder poll = recorded("poll", http("GET /v1/orders/{id}").get("#{gw}/v1/orders/#{orderId}")
                .check(status().saveAs("status"), jsonPath("$.status").optional().saveAs("orderStatus"), status().is(200)))
                .exec(session -> session.contains("orderStatus") ? session.set("lastStatus", session.getString("orderStatus")) : session);
        return exec(session -> session.set("follow", session.getBoolean("created")
                        && Math.random() < pollShare && polled.incrementAndGet() <= pollMax)
                        .set("followUntil", System.nanoTime() + deliverWithinSeconds * 1_000_000_000L).set("lastStatus", "CONFIRMED"))
                .doIf(session -> session.getBoolean("follow")).then(
                        exec(session -> session.set("orderIdFollowed", session.getString("orderId")))
                                .asLongAs(session -> !isFinal(session.getString("lastStatus")) && System.nanoTime() < session.getLong("followUntil"))
                                .on(exec(io.gatling.javaapi.core.CoreDsl.pause(Duration.ofSeconds(2)))
                                        .exec(session -> session.set("orderId", session.getString("orderIdFollowed")))
                                        .exec(poll))
                                .exec(session -> {
                                    String last = session.getString("lastStatus");
                                    long micros = (System.nanoTime() - session.getLong("createdAt")) / 1000;
                                    recorder.event("order", "DELIVERED".equals(last) ? "DELIVERED" : "not delivered in time (" + last + ")",
                                            "DELIVERED".equals(last) ? micros : 0);
                                    return session;
                                }));
    }

    private static boolean isFinal(String status) {
        return switch (status) {
            case "DELIVERED", "CANCELLED", "REJECTED", "FAILED" -> true;
            default -> false;
        };
    }

    // --- injection --------------------------------------------------------------------------------

    /** The profile and the phases it reports, from {@code start} seconds into the run. */
    public record Profile(List<OpenInjectionStep> steps, double endSeconds) {
    }

    /**
     * kit.steps equal levels up to kit.rate over kit.seconds, each reached by a short ramp (a tenth of a
     * level, at least a second) and then held; each hold is a phase {@code level-N} whose figures say
     * whether the gateway kept up. With one step: a ramp from a tenth of the rate, then the rate held
     * (phase {@code level-1}).
     */
    public Profile stepped(String kind, double top, int seconds, int levels, double start) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        double levelSeconds = (double) seconds / levels;
        double ramp = Math.max(1, Math.round(levelSeconds / 10));
        double t = start;
        double previous = levels == 1 ? Math.max(1, top / 10) : 0;
        for (int i = 1; i <= levels; i++) {
            double level = top * i / levels;
            steps.add(rampUsersPerSec(Math.max(previous, 0.1)).to(level).during(Duration.ofMillis((long) (ramp * 1000))));
            double hold = Math.max(1, levelSeconds - ramp);
            steps.add(constantUsersPerSec(level).during(Duration.ofMillis((long) (hold * 1000))).randomized());
            recorder.phase("level-" + i, t + ramp, t + ramp + hold, level);
            t += ramp + hold;
            previous = level;
        }
        recorder.note("profile", levels == 1 ? "constant" : "stepped");
        return new Profile(steps, t);
    }

    /** Names a scenario's main request kind and how its rate is read (see KitReport). */
    public void main(String scenario, String kind, String rateMethod) {
        recorder.note("scenario", scenario);
        recorder.note("main", kind);
        recorder.note("rateMethod", rateMethod);
    }

    public Duration maxDuration(double loadSeconds) {
        return Duration.ofSeconds((long) loadSeconds + deliverWithinSeconds + 30);
    }
}
