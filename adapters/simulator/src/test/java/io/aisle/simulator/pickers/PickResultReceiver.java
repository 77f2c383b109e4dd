package io.aisle.simulator.pickers;

import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.PickResult;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.Fleet;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's pick-result callback as a chain meets it, in the test: {@code POST
 * /partner/v1/chains/{chainId}/pick-results} checks the HMAC signature with the chain's secret (401 when
 * it does not match), refuses a nonce seen before (409), answers a given status as often as told, and otherwise
 * takes the PickResult (202) and keeps it.
 */
final class PickResultReceiver {

    private final Fleet fleet;
    private final Map<String, List<PickResult>> results = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<PickResult>> firstResults = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forcedLeft = new AtomicInteger();
    private volatile int forcedStatus;
    private final AtomicInteger forcedAnswers = new AtomicInteger();
    private final AtomicInteger refusedSignatures = new AtomicInteger();
    private HttpServer server;

    private PickResultReceiver(Fleet fleet) {
        this.fleet = fleet;
    }

    static PickResultReceiver start(Vertx vertx, Fleet fleet) throws TimeoutException {
        PickResultReceiver receiver = new PickResultReceiver(fleet);
        Router router = Router.router(vertx);
        router.post("/partner/v1/chains/:chainId/pick-results").handler(BodyHandler.create(false)).handler(receiver::receive);
        receiver.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The next {@code times} results, validly signed, are answered {@code status} and not taken. */
    void answer(int status, int times) {
        forcedStatus = status;
        forcedLeft.set(times);
    }

    /** The first result taken for the pick list, waiting up to 10 s for it. */
    PickResult awaitResult(String pickListId) {
        try {
            return firstResult(pickListId).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no pick result for " + pickListId + " within 10 s", e);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** True when a result for the pick list was taken. */
    boolean hasResult(String pickListId) {
        return firstResult(pickListId).isDone();
    }

    /** How many results were taken for the pick list. */
    int resultsFor(String pickListId) {
        return results.getOrDefault(pickListId, List.of()).size();
    }

    /** How many results were answered as {@link #answer} said. */
    int forcedAnswers() {
        return forcedAnswers.get();
    }

    int refusedSignatures() {
        return refusedSignatures.get();
    }

    private CompletableFuture<PickResult> firstResult(String pickListId) {
        return firstResults.computeIfAbsent(pickListId, id -> new CompletableFuture<>());
    }

    private void receive(RoutingContext ctx) {
        Optional<ChainSpec> chain = fleet.chain(ctx.pathParam("chainId"));
        if (chain.isEmpty()) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        String nonce = ctx.request().getHeader(HmacSigner.NONCE_HEADER);
        Optional<String> invalid = new HmacSigner(chain.get().signingSecret()).verify(ctx.request().getHeader(HmacSigner.TIMESTAMP_HEADER),
                nonce, ctx.request().getHeader(HmacSigner.SIGNATURE_HEADER), body.getBytes());
        if (invalid.isPresent()) {
            refusedSignatures.incrementAndGet();
            ctx.response().setStatusCode(401).end(invalid.get());
            return;
        }
        if (!nonces.add(nonce)) {
            ctx.response().setStatusCode(409).end("replayed nonce");
            return;
        }
        if (forcedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            forcedAnswers.incrementAndGet();
            ctx.response().setStatusCode(forcedStatus).end();
            return;
        }
        PickResult result;
        try {
            result = Json.mapper().readValue(body.getBytes(), PickResult.class);
        } catch (IOException e) {
            ctx.response().setStatusCode(422).end(e.getMessage());
            return;
        }
        results.computeIfAbsent(result.pickListId(), id -> new CopyOnWriteArrayList<>()).add(result);
        firstResult(result.pickListId()).complete(result);
        ctx.response().setStatusCode(202).end();
    }
}
