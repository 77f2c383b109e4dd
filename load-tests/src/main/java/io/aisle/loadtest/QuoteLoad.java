package io.aisle.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop quote load against a running gateway on loopback: {@code workers} concurrent
 * super-app clients each send {@code POST /v1/quotes} for random baskets at random addresses around
 * the city centre, for a bounded time and at most a bounded number of requests. Prints throughput,
 * latency percentiles (HdrHistogram), status codes and the per-store outcomes, and appends them to a
 * report file.
 *
 * <pre>
 * java -cp load-tests.jar io.aisle.loadtest.QuoteLoad --gateway http://127.0.0.1:8080 --seconds 30 --workers 32 [--api-key dev-superapp-key]
 *      [--max-requests 200000] [--radius-km 8] [--report load-tests/reports/quote-fanout.md] [--label "..."]
 * </pre>
 */
public final class QuoteLoad {

    private static final double CENTRE_LAT = 30.5928;
    private static final double CENTRE_LON = 114.3055;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        String gateway = options.getOrDefault("gateway", "http://127.0.0.1:8080");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "5"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "32"));
        long maxRequests = Long.parseLong(options.getOrDefault("max-requests", "500000"));
        double radiusKm = Double.parseDouble(options.getOrDefault("radius-km", "8"));
        String report = options.get("report");
        String label = options.getOrDefault("label", "quote load");
        String apiKey = options.getOrDefault("api-key", "dev-superapp-key");
        requireLoopback(gateway);

        Vertx vertx = Vertx.vertx();
        try {
            java.net.URI uri = java.net.URI.create(gateway);
            WebClient client = WebClient.create(vertx, new WebClientOptions()
                    .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                    .setKeepAlive(true).setConnectTimeout(2000),
                    new PoolOptions().setHttp1MaxSize(workers).setMaxWaitQueueSize(workers));
            List<String> gtins = catalogue(client, apiKey);
            System.out.printf("catalogue of %d products; warming up for %d s%n", gtins.size(), warmupSeconds);
            run(vertx, client, apiKey, gtins, workers, warmupSeconds, maxRequests, radiusKm, new Result());
            System.out.printf("measuring for %d s with %d workers%n", seconds, workers);
            Result result = run(vertx, client, apiKey, gtins, workers, seconds, maxRequests, radiusKm, new Result());
            String summary = result.summary(label, seconds, workers);
            System.out.println(summary);
            if (report != null) {
                Files.writeString(Path.of(report), summary + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static void requireLoopback(String url) {
        String host = java.net.URI.create(url).getHost();
        if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) {
            throw new IllegalArgumentException("load is only ever sent to loopback, not " + host);
        }
    }

    private static List<String> catalogue(WebClient client, String apiKey) throws Exception {
        JsonObject page = client.get("/v1/catalog").addQueryParam("limit", "200").putHeader("Authorization", "Bearer " + apiKey).send()
                .map(r -> r.bodyAsJsonObject()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<String> gtins = new ArrayList<>();
        for (Object p : page.getJsonArray("products")) {
            gtins.add(((JsonObject) p).getString("gtin"));
        }
        if (gtins.isEmpty()) {
            throw new IllegalStateException("the gateway's catalogue is empty: is it seeded (dev mode)?");
        }
        return gtins;
    }

    private static Result run(Vertx vertx, WebClient client, String apiKey, List<String> gtins, int workers, int seconds, long maxRequests,
                              double radiusKm, Result result) throws Exception {
        long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong sent = new AtomicLong();
        List<Future<Void>> loops = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Random random = new Random(1000L + w);
            Promise<Void> done = Promise.promise();
            vertx.runOnContext(ignored -> loop(client, apiKey, gtins, random, radiusKm, endAt, maxRequests, sent, result, done));
            loops.add(done.future());
        }
        Future.all(loops).toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
        result.elapsedNanos = System.nanoTime() - (endAt - TimeUnit.SECONDS.toNanos(seconds));
        return result;
    }

    private static void loop(WebClient client, String apiKey, List<String> gtins, Random random, double radiusKm, long endAt, long maxRequests,
                             AtomicLong sent, Result result, Promise<Void> done) {
        if (System.nanoTime() >= endAt || sent.incrementAndGet() > maxRequests) {
            done.tryComplete();
            return;
        }
        JsonObject body = basket(gtins, random, radiusKm);
        long start = System.nanoTime();
        client.post("/v1/quotes").timeout(10_000).putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + apiKey)
                .sendJsonObject(body)
                .onComplete(outcome -> {
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
                    synchronized (result) {
                        result.latency.recordValue(Math.min(micros, result.latency.getHighestTrackableValue()));
                        if (outcome.succeeded()) {
                            result.statuses.merge(outcome.result().statusCode(), 1L, Long::sum);
                            if (outcome.result().statusCode() == 200) {
                                result.count(outcome.result().bodyAsJsonObject());
                            }
                        } else {
                            result.statuses.merge(-1, 1L, Long::sum);
                        }
                    }
                    loop(client, apiKey, gtins, random, radiusKm, endAt, maxRequests, sent, result, done);
                });
    }

    static JsonObject basket(List<String> gtins, Random random, double radiusKm) {
        double distanceKm = radiusKm * Math.sqrt(random.nextDouble());
        double bearing = random.nextDouble() * 2 * Math.PI;
        double lat = CENTRE_LAT + (distanceKm / 111.0) * Math.cos(bearing);
        double lon = CENTRE_LON + (distanceKm / (111.0 * Math.cos(Math.toRadians(CENTRE_LAT)))) * Math.sin(bearing);
        int lines = 3 + random.nextInt(6);
        JsonArray basket = new JsonArray();
        List<String> pool = new ArrayList<>(gtins);
        for (int i = 0; i < lines && !pool.isEmpty(); i++) {
            String gtin = pool.remove(random.nextInt(pool.size()));
            JsonObject line = new JsonObject().put("gtin", gtin).put("quantity", 1 + random.nextInt(3));
            if (random.nextInt(4) == 0) {
                line.put("substitution", new JsonObject().put("mode", "SIMILAR"));
            }
            basket.add(line);
        }
        return new JsonObject()
                .put("deliveryAddress", new JsonObject().put("lat", lat).put("lon", lon))
                .put("lines", basket);
    }

    /** Counters of one measured run. */
    static final class Result {
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        long candidates;
        long quotes;
        long elapsedNanos;

        void count(JsonObject quote) {
            quotes++;
            JsonArray stores = quote.getJsonArray("stores");
            candidates += stores.size();
            for (Object s : stores) {
                outcomes.merge(((JsonObject) s).getString("outcome"), 1L, Long::sum);
            }
        }

        String summary(String label, int seconds, int workers) {
            double secondsTaken = elapsedNanos / 1e9;
            long total = latency.getTotalCount();
            return String.format(Locale.ROOT, """
                    ### %s (%s)
                    - %d requests in %.1f s with %d workers: **%.0f quotes/s**
                    - latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f
                    - status codes: %s
                    - candidates per quote: %.1f; store outcomes: %s
                    """, label, Instant.now(), total, secondsTaken, workers, total / secondsTaken,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
                    latency.getMaxValue() / 1000.0, statuses, quotes == 0 ? 0.0 : (double) candidates / quotes, outcomes);
        }
    }

    /** {@code --name value} pairs. */
    static final class Options {
        static Map<String, String> parse(String[] args) {
            Map<String, String> options = new TreeMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value pairs, got " + args[i]);
                }
                options.put(args[i].substring(2), args[++i]);
            }
            return options;
        }
    }
}
