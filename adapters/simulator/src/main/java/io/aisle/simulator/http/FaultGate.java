package io.aisle.simulator.http;

import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.Store;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A route handler that makes a simulated store misbehave as its injected fault says, before the
 * protocol's own handler runs. It expects the store in the routing context under {@link #STORE} (put
 * there by the module's store resolver). HANG never answers; SLOW passes on after {@code latencyMs}
 * (on a Vert.x timer); ERROR, RESET, GARBAGE and RATELIMIT answer in the protocol's way after
 * {@code latencyMs}; OUTOFSTOCK passes on with {@link #OUT_OF_STOCK} set for the handler to honour.
 */
public final class FaultGate implements Handler<RoutingContext> {

    /** Routing context key of the {@link Store} the request is for. */
    public static final String STORE = "aisle.sim.store";
    /** Routing context key set to {@code true} when the store must behave as if it had nothing. */
    public static final String OUT_OF_STOCK = "aisle.sim.outOfStock";

    /** Seconds a rate-limited store asks the caller to wait. */
    public static final int RETRY_AFTER_SECONDS = 1;

    /** How a protocol says "down", "over quota" and talks nonsense. */
    public interface Answers {
        void unavailable(RoutingContext ctx);

        void rateLimited(RoutingContext ctx, int retryAfterSeconds);

        /** Answers 200 with a body the protocol's clients cannot use; {@code variant} cycles through the kinds of nonsense. */
        void garbage(RoutingContext ctx, long variant);
    }

    private final Fleet fleet;
    private final Answers answers;
    private final AtomicLong garbageAnswers = new AtomicLong();

    public FaultGate(Fleet fleet, Answers answers) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    /** The store the request is for, as the resolver put it. */
    public static Store store(RoutingContext ctx) {
        Store store = ctx.get(STORE);
        if (store == null) {
            throw new IllegalStateException("no store resolved for " + ctx.request().path());
        }
        return store;
    }

    public static boolean outOfStock(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(OUT_OF_STOCK));
    }

    @Override
    public void handle(RoutingContext ctx) {
        Fault fault = fleet.faultOf(store(ctx));
        if (!fault.active()) {
            ctx.next();
            return;
        }
        fleet.counters().faultApplied();
        switch (fault.mode()) {
            case HANG -> {
                // Never answer: the caller's timeout is what ends this request.
            }
            case SLOW -> after(ctx, fault.latencyMs(), ctx::next);
            case OUTOFSTOCK -> {
                ctx.put(OUT_OF_STOCK, true);
                after(ctx, fault.latencyMs(), ctx::next);
            }
            case ERROR -> after(ctx, fault.latencyMs(), () -> answers.unavailable(ctx));
            case RESET -> after(ctx, fault.latencyMs(), () -> ctx.response().reset());
            case GARBAGE -> after(ctx, fault.latencyMs(), () -> answers.garbage(ctx, garbageAnswers.getAndIncrement()));
            case RATELIMIT -> after(ctx, fault.latencyMs(), () -> answers.rateLimited(ctx, RETRY_AFTER_SECONDS));
            default -> throw new IllegalStateException("unhandled fault mode " + fault.mode());
        }
    }

    private static void after(RoutingContext ctx, long delayMs, Runnable action) {
        if (delayMs <= 0) {
            action.run();
            return;
        }
        ctx.vertx().setTimer(delayMs, timer -> {
            if (!ctx.response().closed()) {
                action.run();
            }
        });
    }

    /** The JSON protocols' answers: 503 and 429 problems; garbage alternating between non-JSON and JSON of the wrong shape. */
    public static Answers jsonAnswers() {
        return new Answers() {
            @Override
            public void unavailable(RoutingContext ctx) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
                Problems.send(ctx, 503, "unavailable", "Store system unavailable", "the store's system is down (simulated fault)");
            }

            @Override
            public void rateLimited(RoutingContext ctx, int retryAfterSeconds) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
                Problems.send(ctx, 429, "rate-limited", "Too many requests", "the chain's quota is exhausted (simulated fault)");
            }

            @Override
            public void garbage(RoutingContext ctx, long variant) {
                String body = variant % 2 == 0
                        ? "<html><body>Gateway Timeout</body></html>\u0000\u00ff{"
                        : "{\"status\":\"ok\",\"data\":[1,2,3],\"items\":\"see attachment\"}";
                ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, Problems.JSON).end(Buffer.buffer(body));
            }
        };
    }
}
