package io.aisle.simulator.partnerapi;

import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.simulator.SimulatorModule;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.HoldResult;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.http.FaultGate;
import io.aisle.simulator.http.Problems;
import io.aisle.simulator.pickers.StorePicking;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stores of every chain that speaks the Aisle partner API, served under {@code /aisle-partner/v1}
 * exactly as contracts/ documents it: Bearer API key of the store's chain, JSON bodies of the
 * canonical records, problems for errors, and the store's injected fault applied first. A pick list
 * the store had not seen is handed to {@link StorePicking}, which picks it and reports the result to
 * the gateway; without one, pick lists are kept and never picked.
 */
public final class PartnerApiSimulator implements SimulatorModule {

    public static final String PREFIX = "/aisle-partner";
    private static final String STORE_PATH = PREFIX + "/v1/stores/:storeId";
    private static final int BODY_LIMIT_BYTES = 256 * 1024;

    private final Fleet fleet;
    private final FaultGate faults;
    /** Picks and reports the pick lists the stores accept; null when nothing is picked. */
    private final StorePicking picking;

    /** Stores that take pick lists and never pick them (nothing reports back). */
    public PartnerApiSimulator(Fleet fleet) {
        this(fleet, Optional.empty());
    }

    /** Stores whose new pick lists are picked and reported by {@code picking}. */
    public PartnerApiSimulator(Fleet fleet, StorePicking picking) {
        this(fleet, Optional.of(Objects.requireNonNull(picking, "picking")));
    }

    private PartnerApiSimulator(Fleet fleet, Optional<StorePicking> picking) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.faults = new FaultGate(fleet, FaultGate.jsonAnswers());
        this.picking = picking.orElse(null);
    }

    @Override
    public void mount(Router router) {
        router.route(STORE_PATH + "/*")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(this::resolveStore)
                .handler(this::authenticate)
                .handler(faults);
        router.post(STORE_PATH + "/stock-queries").handler(this::queryStock).failureHandler(Problems::fail);
        router.put(STORE_PATH + "/holds/:holdId").handler(this::takeHold).failureHandler(Problems::fail);
        router.get(STORE_PATH + "/holds/:holdId").handler(this::getHold).failureHandler(Problems::fail);
        router.delete(STORE_PATH + "/holds/:holdId").handler(this::releaseHold).failureHandler(Problems::fail);
        router.put(STORE_PATH + "/pick-lists/:pickListId").handler(this::takePickList).failureHandler(Problems::fail);
        router.post(STORE_PATH + "/orders/:orderId/cancel").handler(this::cancelOrder).failureHandler(Problems::fail);
    }

    private void resolveStore(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        Optional<Store> store = fleet.store(storeId).filter(s -> s.chain().kind() == PartnerKind.AISLE_PARTNER_API);
        if (store.isEmpty()) {
            Problems.send(ctx, 404, "unknown-store", "Unknown store", "no store " + storeId + " speaks the Aisle partner API here");
            return;
        }
        store.get().countCall();
        ctx.put(FaultGate.STORE, store.get());
        ctx.next();
    }

    private void authenticate(RoutingContext ctx) {
        String expected = "Bearer " + FaultGate.store(ctx).chain().apiKey();
        if (!expected.equals(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Problems.send(ctx, 401, "unauthorized", "Unauthorized", "a valid Bearer API key of the store's chain is required");
            return;
        }
        ctx.next();
    }

    private void queryStock(RoutingContext ctx) {
        StockQuery query = Problems.decode(ctx, StockQuery.class);
        Problems.json(ctx, 200, FaultGate.store(ctx).queryStock(query.gtins(), FaultGate.outOfStock(ctx)));
    }

    private void takeHold(RoutingContext ctx) {
        HoldRequest request = Problems.decode(ctx, HoldRequest.class);
        String holdId = ctx.pathParam("holdId");
        if (!holdId.equals(request.holdId())) {
            throw new Problems.InvalidBody("holdId " + request.holdId() + " in the body differs from " + holdId + " in the path");
        }
        HoldResult result = FaultGate.store(ctx).hold(request, FaultGate.outOfStock(ctx));
        switch (result.outcome()) {
            case CREATED -> Problems.json(ctx, 201, result.hold());
            case REPLAYED -> Problems.json(ctx, 200, result.hold());
            case OUT_OF_STOCK -> Problems.send(ctx, 409, "out-of-stock", "Cannot hold every line", result.detail());
            case INVALID -> Problems.send(ctx, 422, "invalid-hold", "Invalid hold", result.detail());
            default -> throw new IllegalStateException("unhandled outcome " + result.outcome());
        }
    }

    private void getHold(RoutingContext ctx) {
        String holdId = ctx.pathParam("holdId");
        Optional<Hold> hold = FaultGate.store(ctx).findHold(holdId);
        if (hold.isPresent()) {
            Problems.json(ctx, 200, hold.get());
        } else {
            Problems.send(ctx, 404, "unknown-hold", "Unknown hold", "no hold " + holdId + " at this store");
        }
    }

    private void releaseHold(RoutingContext ctx) {
        FaultGate.store(ctx).release(ctx.pathParam("holdId"));
        ctx.response().setStatusCode(204).end();
    }

    private void takePickList(RoutingContext ctx) {
        PickList pickList = Problems.decode(ctx, PickList.class);
        String pickListId = ctx.pathParam("pickListId");
        if (!pickListId.equals(pickList.pickListId())) {
            throw new Problems.InvalidBody("pickListId " + pickList.pickListId() + " in the body differs from " + pickListId + " in the path");
        }
        Store store = FaultGate.store(ctx);
        boolean isNew = store.acceptPickList(pickList);
        if (isNew && picking != null) {
            picking.pickListAccepted(store, store.id(), pickList);
        }
        if (!isNew) {
            fleet.counters().pickListReplayed();
        }
        Problems.json(ctx, 202, Map.of("pickListId", pickListId, "new", isNew));
    }

    private void cancelOrder(RoutingContext ctx) {
        String orderId = ctx.pathParam("orderId");
        List<Hold> released = FaultGate.store(ctx).cancelOrder(orderId);
        Problems.json(ctx, 202, Map.of("orderId", orderId, "releasedHolds", released.size()));
    }
}
