package io.aisle.loadtest.kit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.http.HttpResponseExpectation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The bare fan-out baseline: per request ({@code GET /fanout}) it sends the same stock query (the
 * same products) to the same K stores of the simulated fleet over HTTP, exactly as the gateway's
 * Aisle partner API adapter would, and answers when all are back (each call bounded by the gateway's
 * per-call timeout, 250 ms). No PostgreSQL, Redis, breakers, rate limits or allocation: the ceiling of
 * this machine for this shape of work. It answers 200 only when every store answered; when one or more
 * did not (timed out or failed) it answers 504, so a fan-out that lost stores is not counted as a
 * success: past the fleet's capacity the calls time out, and a server that answers after its timeout
 * whatever happened would report a rate the machine cannot serve.
 *
 * <pre>java -cp ... io.aisle.loadtest.kit.BareFanoutServer --port 18070 --fleet http://127.0.0.1:18090 --stores 20 [--instances 2]</pre>
 */
public final class BareFanoutServer extends VerticleBase {

    static final String CHAIN_KEY = "dev-key-aisle-mart";
    static final long CALL_TIMEOUT_MS = 250;

    private final URI fleet;
    private final List<String> storeIds;
    private final Buffer query;
    private final int port;
    private WebClient client;

    BareFanoutServer(URI fleet, List<String> storeIds, Buffer query, int port) {
        this.fleet = fleet;
        this.storeIds = storeIds;
        this.query = query;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int port = 18070;
        URI fleet = URI.create("http://127.0.0.1:18090");
        int k = 20;
        int instances = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--fleet" -> fleet = URI.create(args[++i]);
                case "--stores" -> k = Integer.parseInt(args[++i]);
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: BareFanoutServer --port P --fleet URL --stores K [--instances N]");
            }
        }
        Vertx vertx = Vertx.vertx();
        WebClient setup = WebClient.create(vertx);
        JsonObject stores = setup.getAbs(fleet + "/sim/stores?chainId=aisle-mart").send()
                .expecting(HttpResponseExpectation.SC_OK).map(HttpResponse::bodyAsJsonObject).await(30, TimeUnit.SECONDS);
        JsonObject catalogue = setup.getAbs(fleet + "/sim/catalog").send()
                .expecting(HttpResponseExpectation.SC_OK).map(HttpResponse::bodyAsJsonObject).await(30, TimeUnit.SECONDS);
        setup.close();
        List<String> storeIds = new ArrayList<>();
        JsonArray all = stores.getJsonArray("stores");
        for (int i = 0; i < k && i < all.size(); i++) {
            storeIds.add(all.getJsonObject(i).getString("storeId"));
        }
        // a basket of 8 products, as a mid-sized quote asks
        JsonArray gtins = new JsonArray();
        JsonArray items = catalogue.getJsonArray("items");
        for (int i = 0; i < 8 && i < items.size(); i++) {
            gtins.add(items.getJsonObject(i * Math.max(1, items.size() / 8)).getString("gtin"));
        }
        Buffer query = new JsonObject().put("gtins", gtins).toBuffer();
        URI fleetUri = fleet;
        int listenPort = port;
        vertx.deployVerticle(() -> new BareFanoutServer(fleetUri, storeIds, query, listenPort), new DeploymentOptions().setInstances(instances))
                .await(30, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "bare fan-out ready on http://127.0.0.1:%d/fanout: %d stores of %s per request, %d products%n",
                port, storeIds.size(), fleet, gtins.size());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("bare fan-out did not stop within 10 s");
            }
        }, "bare-fanout-stop"));
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(fleet.getHost()).setDefaultPort(fleet.getPort())
                        .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(8192));
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true).setAcceptBacklog(4096))
                .requestHandler(request -> {
                    List<Future<Integer>> calls = new ArrayList<>(storeIds.size());
                    for (String storeId : storeIds) {
                        calls.add(client.post("/aisle-partner/v1/stores/" + storeId + "/stock-queries")
                                .putHeader("Authorization", "Bearer " + CHAIN_KEY)
                                .putHeader("Content-Type", "application/json")
                                .timeout(CALL_TIMEOUT_MS)
                                .sendBuffer(query)
                                .expecting(HttpResponseExpectation.SC_SUCCESS)
                                .map(response -> response.bodyAsJsonObject().getJsonArray("items").size())
                                .otherwise(-1));
                    }
                    Future.join(calls).onComplete(done -> {
                        int answered = 0;
                        for (Future<Integer> call : calls) {
                            answered += call.result() != null && call.result() >= 0 ? 1 : 0;
                        }
                        request.response().setStatusCode(answered == storeIds.size() ? 200 : 504)
                                .putHeader("Content-Type", "application/json")
                                .end("{\"stores\":" + storeIds.size() + ",\"answered\":" + answered + "}");
                    });
                })
                .listen();
    }
}
