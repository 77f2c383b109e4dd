package io.aisle.loadtest.kit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An open-model order client, as a super-app sends orders: a fixed arrival rate (a new order every
 * {@code 1/rate} s whatever the answers so far), each order with its own Idempotency-Key. An order
 * answered 503 or 429 is sent again after its Retry-After, with the same key and body; one that got no
 * answer (connection refused or reset, timeout: the gateway may be down), or 409 because the key's first
 * request is still in progress, is sent again after a second, also with the same key, until it has an answer or {@code --retry-for} seconds have passed. Every
 * request and its answer is one tab-separated line of the log:
 * <pre>
 * epoch_ms  key  attempt  status  order_id  retry_after  problem_type  elapsed_ms
 * </pre>
 * status 0 is no answer (problem_type then names the error). The last line printed is
 * {@code ORDERFLOW arrivals=N answered=N created=N replayed=N refused=N gave_up=N fivexx=N open=N skipped=N}
 * (skipped: arrivals more than 5 s overdue because this client itself was paused, not sent in a burst).
 *
 * <pre>java -cp ... io.aisle.loadtest.kit.OrderFlow --gateway URL --fleet URL --api-key KEY --rate R --seconds S --log FILE
 *     [--stop-file F] [--retry-for S] [--seed N] [--key-prefix P]</pre>
 * {@code --stop-file}: arrivals stop early once that file exists (the suite ends the load when its faults are done).
 */
public final class OrderFlow {

    private static final double CENTRE_LAT = 30.5928;
    private static final double CENTRE_LON = 114.3055;
    private static final double ADDRESS_RADIUS_KM = 10;
    /** An arrival this late means the client itself was paused: skipped (counted), not sent late. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final URI orders;
    private final String apiKey;
    private final BufferedWriter log;
    private final HttpClient http;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final long retryForMs;
    private final LongAdder answered = new LongAdder();
    private final LongAdder created = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder gaveUp = new LongAdder();
    private final LongAdder fivexx = new LongAdder();
    private final AtomicLong open = new AtomicLong();
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean arrivalsDone;

    private OrderFlow(String gateway, String apiKey, Path logFile, long retryForMs) throws IOException {
        this.orders = URI.create(gateway + "/v1/orders");
        this.apiKey = apiKey;
        this.retryForMs = retryForMs;
        this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    public static void main(String[] args) throws Exception {
        String gateway = null;
        String fleet = null;
        String apiKey = null;
        double rate = 5;
        int seconds = 60;
        Path logFile = null;
        Path stopFile = null;
        long retryFor = 180;
        long seed = 20200123;
        String prefix = "flow";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--gateway" -> gateway = value;
                case "--fleet" -> fleet = value;
                case "--api-key" -> apiKey = value;
                case "--rate" -> rate = Double.parseDouble(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--log" -> logFile = Path.of(value);
                case "--stop-file" -> stopFile = Path.of(value);
                case "--retry-for" -> retryFor = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--key-prefix" -> prefix = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (gateway == null || fleet == null || apiKey == null || logFile == null || rate <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("usage: OrderFlow --gateway URL --fleet URL --api-key KEY --rate R --seconds S --log FILE");
        }
        List<String> gtins = catalogue(fleet);
        OrderFlow flow = new OrderFlow(gateway, apiKey, logFile, retryFor * 1000);
        flow.run(gtins, rate, seconds, stopFile, new SplittableRandom(seed), prefix);
    }

    private void run(List<String> gtins, double rate, int seconds, Path stopFile, SplittableRandom random, String prefix)
            throws InterruptedException, IOException {
        long periodNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long arrivals = 0;
        long skipped = 0;
        // arrivals at fixed times: a late tick does not push the next ones back (no coordinated omission)
        for (long next = start; next < end; next += periodNanos) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else if (-wait > MAX_LAG_NANOS) {
                // this client itself was not running (the machine paused it): the arrivals it missed are not sent in one burst
                skipped++;
                continue;
            }
            if (stopFile != null && Files.exists(stopFile)) {
                break;
            }
            arrivals++;
            String key = prefix + "-" + arrivals + "-" + Long.toHexString(random.nextLong());
            String body = basket(gtins, random, key);
            open.incrementAndGet();
            send(key, body, 1, System.currentTimeMillis());
        }
        arrivalsDone = true;
        if (open.get() == 0) {
            drained.countDown();
        }
        drained.await(retryForMs + 60_000, TimeUnit.MILLISECONDS);
        timers.shutdownNow();
        synchronized (log) {
            log.flush();
            log.close();
        }
        System.out.printf(Locale.ROOT,
                "ORDERFLOW arrivals=%d answered=%d created=%d replayed=%d refused=%d gave_up=%d fivexx=%d open=%d skipped=%d%n",
                arrivals, answered.sum(), created.sum(), replayed.sum(), refused.sum(), gaveUp.sum(), fivexx.sum(), open.get(), skipped);
        System.exit(0);
    }

    private void send(String key, String body, int attempt, long firstSentAt) {
        HttpRequest request = HttpRequest.newBuilder(orders)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sentAt = System.currentTimeMillis();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long elapsed = System.currentTimeMillis() - sentAt;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                String what = cause instanceof ConnectException ? "connect" : cause instanceof HttpTimeoutException ? "timeout"
                        : cause.getClass().getSimpleName();
                line(sentAt, key, attempt, 0, "", "", what, elapsed);
                retryOrGiveUp(key, body, attempt, firstSentAt, 1000);
                return;
            }
            int status = response.statusCode();
            String orderId = "";
            String type = "";
            try {
                JsonObject json = new JsonObject(response.body());
                orderId = json.getString("orderId", "");
                type = json.getString("type", "");
            } catch (RuntimeException notJson) {
                type = "not-json";
            }
            String retryAfter = response.headers().firstValue("Retry-After").orElse("");
            line(sentAt, key, attempt, status, orderId, retryAfter, type, elapsed);
            if (status >= 500 && !(status == 503 && !retryAfter.isEmpty())) {
                fivexx.increment();
            }
            if (status == 409 && type.endsWith("/idempotency-key-in-use")) {
                // the first attempt with this key is still being answered (or was cut short by a crash): ask again
                retryOrGiveUp(key, body, attempt, firstSentAt, 1000);
                return;
            }
            if (status == 503 || status == 429) {
                long delay = 1000;
                try {
                    delay = Math.max(100, Long.parseLong(retryAfter.strip()) * 1000);
                } catch (NumberFormatException noDelay) {
                    // a 503 without Retry-After is a finding (counted above); retry after a second anyway
                }
                retryOrGiveUp(key, body, attempt, firstSentAt, delay);
                return;
            }
            answered.increment();
            if (status == 201) {
                created.increment();
            } else if (status == 200) {
                replayed.increment();
            } else {
                refused.increment();
            }
            finished();
        });
    }

    private void retryOrGiveUp(String key, String body, int attempt, long firstSentAt, long delayMs) {
        if (System.currentTimeMillis() + delayMs - firstSentAt > retryForMs) {
            gaveUp.increment();
            line(System.currentTimeMillis(), key, attempt, -1, "", "", "gave-up", 0);
            finished();
            return;
        }
        timers.schedule(() -> send(key, body, attempt + 1, firstSentAt), delayMs, TimeUnit.MILLISECONDS);
    }

    private void finished() {
        if (open.decrementAndGet() == 0 && arrivalsDone) {
            drained.countDown();
        }
    }

    private void line(long at, String key, int attempt, int status, String orderId, String retryAfter, String type, long elapsed) {
        String text = at + "\t" + key + "\t" + attempt + "\t" + status + "\t" + orderId + "\t" + retryAfter + "\t" + type + "\t" + elapsed + "\n";
        synchronized (log) {
            try {
                log.write(text);
                log.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** 1-4 catalogue products, 1-2 units each, an address over the city; the key is the customer reference too. */
    private static String basket(List<String> gtins, SplittableRandom random, String key) {
        double distance = ADDRESS_RADIUS_KM * Math.sqrt(random.nextDouble());
        double angle = random.nextDouble() * 2 * Math.PI;
        double lat = CENTRE_LAT + distance * Math.cos(angle) / 111.32;
        double lon = CENTRE_LON + distance * Math.sin(angle) / (111.32 * Math.cos(Math.toRadians(CENTRE_LAT)));
        int lines = 1 + random.nextInt(4);
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < lines) {
            String gtin = gtins.get(random.nextInt(gtins.size()));
            if (!chosen.contains(gtin)) {
                chosen.add(gtin);
            }
        }
        JsonArray items = new JsonArray();
        for (String gtin : chosen) {
            items.add(new JsonObject().put("gtin", gtin).put("quantity", 1 + random.nextInt(2)));
        }
        return new JsonObject()
                .put("deliveryAddress", new JsonObject().put("lat", Math.round(lat * 1e6) / 1e6).put("lon", Math.round(lon * 1e6) / 1e6))
                .put("lines", items)
                .put("customerRef", key)
                .put("acceptPartial", true)
                .encode();
    }

    private static List<String> catalogue(String fleet) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(fleet + "/sim/catalog"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonArray items = new JsonObject(response.body()).getJsonArray("items");
        List<String> gtins = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            gtins.add(items.getJsonObject(i).getString("gtin"));
        }
        if (gtins.isEmpty()) {
            throw new IllegalStateException("the fleet's catalogue is empty");
        }
        return gtins;
    }
}
