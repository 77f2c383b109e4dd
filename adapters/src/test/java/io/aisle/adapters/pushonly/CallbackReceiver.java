package io.aisle.adapters.pushonly;

import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for the gateway's partner callback routes, mounting {@link PushOnlyIngest} as the
 * gateway will, so simulated chains push and pull over real HTTP:
 * <pre>
 * POST /partner/v1/chains/{chainId}/stock                       202 | problem
 * POST /partner/v1/chains/{chainId}/pick-results                202 | problem
 * GET  /partner/v1/chains/{chainId}/stores/{storeId}/pick-lists 200 {"pickLists": [...]} | problem
 * </pre>
 * It remembers what it accepted and refused, for tests to wait on.
 */
public final class CallbackReceiver {

    private final PushOnlyIngest ingest;
    private final Map<String, StockPush> lastApplied = new ConcurrentHashMap<>();
    private final Map<String, StockPush> lastSnapshot = new ConcurrentHashMap<>();
    private final Map<CallbackRejected.Reason, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Queue<PickResult> pickResults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pulls = new AtomicInteger();
    private HttpServer server;

    public CallbackReceiver(PushOnlyIngest ingest) {
        this.ingest = ingest;
    }

    public Future<CallbackReceiver> start(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route("/partner/v1/*").handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        router.post("/partner/v1/chains/:chainId/stock").handler(this::stock);
        router.post("/partner/v1/chains/:chainId/pick-results").handler(this::pickResult);
        router.get("/partner/v1/chains/:chainId/stores/:storeId/pick-lists").handler(this::pickLists);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(listening -> {
            server = listening;
            return this;
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The last push applied for the store (our store id), if any. */
    public Optional<StockPush> lastApplied(String storeId) {
        return Optional.ofNullable(lastApplied.get(storeId));
    }

    /** The last SNAPSHOT applied for the store, if any. */
    public Optional<StockPush> lastSnapshot(String storeId) {
        return Optional.ofNullable(lastSnapshot.get(storeId));
    }

    public int refusals(CallbackRejected.Reason reason) {
        AtomicInteger count = refusals.get(reason);
        return count == null ? 0 : count.get();
    }

    public int refusals() {
        return refusals.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public List<PickResult> pickResults() {
        return List.copyOf(pickResults);
    }

    public int pulls() {
        return pulls.get();
    }

    private void stock(RoutingContext ctx) {
        byte[] body = body(ctx);
        ingest.receiveStock(ctx.pathParam("chainId"), ctx.request().headers(), body).onComplete(received -> {
            if (received.failed()) {
                refuse(ctx, received.cause());
                return;
            }
            if (received.result().applied()) {
                StockPush push = read(body, StockPush.class);
                StockPush ours = new StockPush(received.result().storeId(), push.sequence(), push.kind(), push.asOf(), push.items());
                lastApplied.put(ours.storeId(), ours);
                if (ours.kind() == io.aisle.contracts.partner.StockPushKind.SNAPSHOT) {
                    lastSnapshot.put(ours.storeId(), ours);
                }
            }
            ctx.response().setStatusCode(202).end();
        });
    }

    private void pickResult(RoutingContext ctx) {
        ingest.receivePickResult(ctx.pathParam("chainId"), ctx.request().headers(), body(ctx)).onComplete(received -> {
            if (received.failed()) {
                refuse(ctx, received.cause());
                return;
            }
            pickResults.add(received.result());
            ctx.response().setStatusCode(202).end();
        });
    }

    private void pickLists(RoutingContext ctx) {
        ingest.pullPickLists(ctx.pathParam("chainId"), ctx.pathParam("storeId"), ctx.request().headers()).onComplete(pulled -> {
            if (pulled.failed()) {
                refuse(ctx, pulled.cause());
                return;
            }
            pulls.incrementAndGet();
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(ScriptedChain.json(Map.of("pickLists", pulled.result()))));
        });
    }

    private void refuse(RoutingContext ctx, Throwable cause) {
        if (!(cause instanceof CallbackRejected rejected)) {
            ctx.fail(cause);
            return;
        }
        refusals.computeIfAbsent(rejected.reason(), reason -> new AtomicInteger()).incrementAndGet();
        Problem problem = Problem.of(rejected.reason().httpStatus(), rejected.reason().slug(), rejected.reason().name(), rejected.getMessage());
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(ScriptedChain.json(problem)));
    }

    private static byte[] body(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
