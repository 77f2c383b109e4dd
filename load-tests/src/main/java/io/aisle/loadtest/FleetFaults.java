package io.aisle.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Puts a fault on a share of the simulated fleet's stores through its control API, chosen at random
 * with a fixed seed (so runs are repeatable), or clears every fault.
 *
 * <pre>
 * java -cp load-tests.jar io.aisle.loadtest.FleetFaults --fleet http://127.0.0.1:8090 --mode hang --share 0.1 [--seed 7]
 * java -cp load-tests.jar io.aisle.loadtest.FleetFaults --fleet http://127.0.0.1:8090 --mode none
 * </pre>
 */
public final class FleetFaults {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = QuoteLoad.Options.parse(args);
        String fleet = options.getOrDefault("fleet", "http://127.0.0.1:8090");
        String mode = options.getOrDefault("mode", "hang");
        double share = Double.parseDouble(options.getOrDefault("share", "0.1"));
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        int latencyMs = Integer.parseInt(options.getOrDefault("latency-ms", "0"));
        QuoteLoad.requireLoopback(fleet);
        URI uri = URI.create(fleet);
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx);
            if ("none".equals(mode)) {
                await(client.delete(uri.getPort(), uri.getHost(), "/sim/faults").send());
                System.out.println("cleared every fault");
                return;
            }
            JsonObject listing = await(client.get(uri.getPort(), uri.getHost(), "/sim/stores").send()).bodyAsJsonObject();
            List<String> ids = new ArrayList<>();
            listing.getJsonArray("stores").forEach(s -> ids.add(((JsonObject) s).getString("storeId")));
            Collections.shuffle(ids, new Random(seed));
            List<String> chosen = ids.subList(0, (int) Math.round(ids.size() * share));
            JsonObject fault = new JsonObject().put("mode", mode).put("latencyMs", latencyMs);
            for (int from = 0; from < chosen.size(); from += 50) {
                List<Future<?>> batch = new ArrayList<>();
                for (String id : chosen.subList(from, Math.min(chosen.size(), from + 50))) {
                    batch.add(client.post(uri.getPort(), uri.getHost(), "/sim/stores/" + id + "/faults").sendJsonObject(fault));
                }
                await(Future.all(batch));
            }
            System.out.printf("fault %s on %d of %d stores%n", mode, chosen.size(), ids.size());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
