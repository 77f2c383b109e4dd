package io.aisle.simulator.pickers;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.value.Checks;
import io.aisle.simulator.SimulatorModule;
import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pickers of the stores the gateway sends pick lists to (Aisle partner API and legacy XML chains;
 * push-only chains pick what they pull themselves). When a store accepts a new pick list, its simulator
 * calls {@link #pickListAccepted}; once the fleet's pick time for the list has passed (a Vert.x timer),
 * the list is picked off the store's books (see {@link Picker}) and one PickResult with {@code ready:
 * true}, the chain's id of the store, and a line per order and product is reported to the gateway through the
 * {@link PickResultReporter}. A list accepted again (same id) is neither picked nor reported again: the
 * store recognises the replay before this class hears of it.
 *
 * <p>Faults of the store, at the time of reporting: HANG, ERROR and RESET mean the store's system is
 * down, so the report is held back (the goods are picked all the same) and goes out once the fault is
 * cleared, checked every {@value #FAULT_RECHECK_MS} ms; nothing is dropped. SLOW delays the report by
 * its {@code latencyMs}. The other modes concern answers to the gateway's calls and do not change
 * picking.
 *
 * <p>Control routes, on the fleet's port:
 * <pre>
 * POST /sim/stores/{storeId}/picking   {"shortShare": 0.0-1.0, "substitute": true|false}
 *                                      200 {"storeId", "shortShare", "substitute"}; both fields optional
 *                                      (0.0 and false); 422 for a push-only store or a bad body
 * GET  /sim/stores/{storeId}/picking   200 the same
 * </pre>
 * Counters in {@code GET /sim/stats}: pickListsPicked, pickLinesShort, pickLinesSubstituted,
 * pickResultsWaiting (held back by a fault now), and the reporter's ({@link PickResultReporter}).
 *
 * <p>The first time the fleet server mounts it, the module deploys a small verticle as the server's
 * child, so stopping the fleet closes the reporter too; {@link #close()} does it explicitly.
 */
public final class StorePicking implements SimulatorModule {

    static final long FAULT_RECHECK_MS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(StorePicking.class);

    private final Vertx vertx;
    private final Fleet fleet;
    private final PickResultReporter reporter;
    private final Picker picker;
    private final Map<String, PickingPolicy> policies = new ConcurrentHashMap<>();
    private final LongAdder listsPicked = new LongAdder();
    private final LongAdder shortLines = new LongAdder();
    private final LongAdder substitutedLines = new LongAdder();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicBoolean lifecycleDeployed = new AtomicBoolean();
    private volatile boolean closed;

    public StorePicking(Vertx vertx, Fleet fleet, PickResultReporter reporter) {
        this.vertx = Checks.requireNonNull(vertx, "vertx");
        this.fleet = Checks.requireNonNull(fleet, "fleet");
        this.reporter = Checks.requireNonNull(reporter, "reporter");
        this.picker = new Picker(fleet.catalogue(), fleet.spec().seed());
    }

    /** Picking that reports to the gateway at {@code gatewayUrl} with the reporter's default settings. */
    public static StorePicking reportingTo(Vertx vertx, Fleet fleet, String gatewayUrl) {
        return new StorePicking(vertx, fleet, new PickResultReporter(vertx, gatewayUrl, fleet));
    }

    public PickResultReporter reporter() {
        return reporter;
    }

    // --- picking -----------------------------------------------------------------------------------

    /**
     * A store accepted a pick list it had not seen: pick it after the fleet's pick time, then report it.
     * {@code chainStoreId} is the id the chain knows the store by (the legacy chain's branch code), which
     * the result carries, as every callback to the gateway does.
     */
    public void pickListAccepted(Store store, String chainStoreId, PickList pickList) {
        Checks.requireNonNull(store, "store");
        Checks.requireText(chainStoreId, "chainStoreId");
        Checks.requireNonNull(pickList, "pickList");
        if (closed) {
            return;
        }
        long pickMillis = Math.max(1, fleet.spec().timings().pickTime(pickList.lines().size()).toMillis());
        vertx.setTimer(pickMillis, id -> pickAndReport(store, chainStoreId, pickList));
    }

    private void pickAndReport(Store store, String chainStoreId, PickList pickList) {
        if (closed) {
            return;
        }
        Picker.Picked picked = picker.pick(store, pickList, policy(store));
        listsPicked.increment();
        shortLines.add(picked.shortLines());
        substitutedLines.add(picked.substitutedLines());
        PickResult result = new PickResult(pickList.pickListId(), chainStoreId, true, fleet.clock().instant(), picked.lines());
        reportWhenUp(store, result, false);
    }

    /** Reports once the store's system is up, checking again on a timer while it is down. */
    private void reportWhenUp(Store store, PickResult result, boolean heldBack) {
        if (closed) {
            return;
        }
        Fault fault = fleet.faultOf(store);
        if (isDown(fault)) {
            if (!heldBack) {
                waiting.incrementAndGet();
            }
            vertx.setTimer(FAULT_RECHECK_MS, id -> reportWhenUp(store, result, true));
            return;
        }
        if (heldBack) {
            waiting.decrementAndGet();
        }
        Future<Void> delay = fault.mode() == FaultMode.SLOW && fault.latencyMs() > 0
                ? vertx.timer(fault.latencyMs()).mapEmpty()
                : Future.succeededFuture();
        delay.compose(ignored -> reporter.report(store.chainId(), result))
                .onFailure(error -> LOG.debug("pick result {} of {} was not reported", result.pickListId(), store.id(), error));
    }

    private static boolean isDown(Fault fault) {
        return fault.mode() == FaultMode.HANG || fault.mode() == FaultMode.ERROR || fault.mode() == FaultMode.RESET;
    }

    // --- policies ----------------------------------------------------------------------------------

    /** How the store's pickers fare now; {@link PickingPolicy#FAULT_FREE} unless set. */
    public PickingPolicy policy(Store store) {
        return policies.getOrDefault(store.id(), PickingPolicy.FAULT_FREE);
    }

    /** Sets how the store's pickers fare from the next list they pick; FAULT_FREE restores the default. */
    public void setPolicy(Store store, PickingPolicy policy) {
        Checks.requireNonNull(policy, "policy");
        if (!picksHere(store)) {
            throw new IllegalArgumentException(store.id() + " is a push-only store: it picks what it pulls on its own");
        }
        if (policy.equals(PickingPolicy.FAULT_FREE)) {
            policies.remove(store.id());
        } else {
            policies.put(store.id(), policy);
        }
    }

    private static boolean picksHere(Store store) {
        return store.chain().kind() == PartnerKind.AISLE_PARTNER_API || store.chain().kind() == PartnerKind.LEGACY_XML;
    }

    // --- module ------------------------------------------------------------------------------------

    @Override
    public void mount(Router router) {
        router.post("/sim/stores/:storeId/picking")
                .handler(BodyHandler.create(false).setBodyLimit(4 * 1024))
                .handler(this::changePolicy)
                .failureHandler(Problems::fail);
        router.get("/sim/stores/:storeId/picking").handler(this::showPolicy).failureHandler(Problems::fail);
        if (lifecycleDeployed.compareAndSet(false, true)) {
            vertx.deployVerticle(new Lifecycle()).onFailure(error -> LOG.warn("store picking: no lifecycle verticle", error));
        }
    }

    private void changePolicy(RoutingContext ctx) {
        Optional<Store> store = store(ctx);
        if (store.isEmpty()) {
            return;
        }
        if (!picksHere(store.get())) {
            Problems.send(ctx, 422, "not-picked-here", "Not picked by the simulator",
                    store.get().id() + " is a push-only store: it picks the lists it pulls on its own");
            return;
        }
        setPolicy(store.get(), policyFrom(ctx));
        Problems.json(ctx, 200, policyJson(store.get()));
    }

    private void showPolicy(RoutingContext ctx) {
        store(ctx).ifPresent(store -> Problems.json(ctx, 200, policyJson(store)));
    }

    private Map<String, Object> policyJson(Store store) {
        PickingPolicy policy = policy(store);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("storeId", store.id());
        body.put("shortShare", policy.shortShare());
        body.put("substitute", policy.substitute());
        return body;
    }

    private static PickingPolicy policyFrom(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new Problems.InvalidBody("a JSON object body is required");
        }
        if (body == null) {
            throw new Problems.InvalidBody("a JSON object body is required");
        }
        Object share = body.getValue("shortShare", 0.0);
        Object substitute = body.getValue("substitute", false);
        if (!(share instanceof Number number)) {
            throw new Problems.InvalidBody("shortShare must be a number within [0.0, 1.0]");
        }
        if (!(substitute instanceof Boolean flag)) {
            throw new Problems.InvalidBody("substitute must be true or false");
        }
        try {
            return new PickingPolicy(number.doubleValue(), flag);
        } catch (IllegalArgumentException e) {
            throw new Problems.InvalidBody(e.getMessage());
        }
    }

    private Optional<Store> store(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        Optional<Store> store = fleet.store(storeId);
        if (store.isEmpty()) {
            Problems.send(ctx, 404, "unknown-store", "Unknown store", "no store " + storeId + " in this fleet");
        }
        return store;
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("pickListsPicked", listsPicked.sum());
        stats.put("pickLinesShort", shortLines.sum());
        stats.put("pickLinesSubstituted", substitutedLines.sum());
        stats.put("pickResultsWaiting", waiting.get());
        stats.putAll(reporter.stats());
        return stats;
    }

    /** Stops picking and reporting: lists not yet reported are dropped. */
    public void close() {
        closed = true;
        reporter.close();
    }

    /** Deployed from the fleet server's start, so undeploying the server closes the picking with it. */
    private final class Lifecycle extends VerticleBase {
        @Override
        public Future<?> stop() {
            close();
            return Future.succeededFuture();
        }
    }
}
