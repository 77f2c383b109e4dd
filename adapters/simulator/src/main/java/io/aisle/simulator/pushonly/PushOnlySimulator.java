package io.aisle.simulator.pushonly;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Checks;
import io.aisle.simulator.SimulatorModule;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's push-only chains ("pushfresh" in the default fleet). They serve no partner API: they call
 * the gateway (see {@link ChainPusher} for what they send and when, and how faults show). The module
 * starts its pusher the first time the fleet server mounts it, as a child of the fleet server's
 * verticle, so stopping the fleet stops the pushing too; or explicitly with {@link #start()}.
 *
 * <p>Control route, on the fleet's port:
 * <pre>
 * POST /sim/push-only/stores/{storeId}/push   202: the store pushes a SNAPSHOT now (e.g. after PUT /sim/stores/{id}/stock/{gtin})
 * </pre>
 * Counters in {@code GET /sim/stats}: see {@link PushCounters#snapshot()}.
 */
public final class PushOnlySimulator implements SimulatorModule {

    private static final Logger LOG = LoggerFactory.getLogger(PushOnlySimulator.class);

    private final Vertx vertx;
    private final Fleet fleet;
    private final PushOnlySimulatorConfig config;
    private final PushCounters counters = new PushCounters();
    private final Queue<String> pushNow = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<String> deployment = new AtomicReference<>();

    public PushOnlySimulator(Vertx vertx, Fleet fleet, PushOnlySimulatorConfig config) {
        this.vertx = Checks.requireNonNull(vertx, "vertx");
        this.fleet = Checks.requireNonNull(fleet, "fleet");
        this.config = Checks.requireNonNull(config, "config");
    }

    /** The module with its settings from system properties and the environment ({@link PushOnlySimulatorConfig#fromEnvironment()}). */
    public static PushOnlySimulator fromEnvironment(Vertx vertx, Fleet fleet) {
        return new PushOnlySimulator(vertx, fleet, PushOnlySimulatorConfig.fromEnvironment());
    }

    public PushOnlySimulatorConfig config() {
        return config;
    }

    @Override
    public void mount(Router router) {
        router.post("/sim/push-only/stores/:storeId/push").handler(this::pushNow);
        if (!started.get()) {
            start().onFailure(error -> LOG.error("push-only simulator did not start", error));
        }
    }

    /** Starts pushing and pulling (once; later calls do nothing). Deployed from a verticle, it stops with it. */
    public Future<Void> start() {
        if (!started.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(new ChainPusher(fleet, config, counters, pushNow))
                .onSuccess(deployment::set)
                .mapEmpty();
    }

    /** Stops pushing and pulling. */
    public Future<Void> close() {
        String id = deployment.getAndSet(null);
        // Already gone when the fleet server it was deployed from was undeployed first.
        return id == null ? Future.succeededFuture() : vertx.undeploy(id).recover(alreadyGone -> Future.succeededFuture());
    }

    @Override
    public Map<String, Long> stats() {
        return counters.snapshot();
    }

    private void pushNow(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        Optional<Store> store = fleet.store(storeId).filter(s -> s.chain().kind() == PartnerKind.PUSH_ONLY);
        if (store.isEmpty()) {
            Problems.send(ctx, 404, "unknown-store", "Unknown store", "no push-only store " + storeId + " in this fleet");
            return;
        }
        pushNow.add(storeId);
        Problems.json(ctx, 202, Map.of("storeId", storeId, "push", "SNAPSHOT"));
    }
}
