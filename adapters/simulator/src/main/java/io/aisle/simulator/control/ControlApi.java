package io.aisle.simulator.control;

import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.SimulatorModule;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.http.Problems;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet's control API under {@code /sim}, on the fleet's own port, for tests, dev mode and load
 * testers:
 * <pre>
 * POST /sim/stores/{storeId}/faults   {"mode": "none|hang|slow|error|reset|garbage|ratelimit|outofstock", "latencyMs": n}
 * POST /sim/chains/{chainId}/faults   same body; a store's own fault wins over its chain's
 * DELETE /sim/faults                  clears every fault
 * GET  /sim/stores/{storeId}/holds    {"storeId", "holds": [Hold...]}: the holds open now
 * GET  /sim/holds                     {"holds": [Hold...]}: the holds open now at every store of the fleet
 * GET  /sim/stores/{storeId}          the store, its fault, counters and pick list ids
 * GET  /sim/stores?chainId=           every store (id, chain, kind, name, location, hours)
 * GET  /sim/stores/{storeId}/stock/{gtin}   {"gtin", "available", "unitPrice"}; 404 when not carried
 * PUT  /sim/stores/{storeId}/stock/{gtin}   {"available": n}
 * GET  /sim/catalog                   the catalogue
 * GET  /sim/stats                     counts of calls, holds, pick lists, ... and the modules' (trips)
 * GET  /sim/faults                    {"chains": {chainId: fault}, "stores": {storeId: fault}}: every fault set now
 * POST /sim/faults                    {"mix": "hang=10%,error=5%", "seed": n}: faults that share of the stores
 * GET  /sim/onboarding[?openAllDay=true]  the fleet as POST /v1/admin/onboarding takes it (every store open all day)
 * </pre>
 * Modules add their own routes, e.g. {@code POST /sim/stores/{storeId}/picking}
 * ({@link io.aisle.simulator.pickers.StorePicking}).
 */
public final class ControlApi {

    private final Fleet fleet;
    private final List<SimulatorModule> modules;

    public ControlApi(Fleet fleet, List<SimulatorModule> modules) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.modules = List.copyOf(modules);
    }

    public void mount(Router router) {
        router.route("/sim/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.post("/sim/stores/:storeId/faults").handler(this::setStoreFault);
        router.post("/sim/chains/:chainId/faults").handler(this::setChainFault);
        router.delete("/sim/faults").handler(this::clearFaults);
        router.get("/sim/stores/:storeId/holds").handler(this::openHolds);
        router.get("/sim/holds").handler(this::allOpenHolds);
        router.get("/sim/stores/:storeId/stock/:gtin").handler(this::stockOf);
        router.put("/sim/stores/:storeId/stock/:gtin").handler(this::setStock);
        router.get("/sim/stores/:storeId").handler(this::describeStore);
        router.get("/sim/stores").handler(this::listStores);
        router.get("/sim/catalog").handler(this::catalogue);
        router.get("/sim/stats").handler(this::stats);
        router.get("/sim/onboarding").handler(ctx -> Problems.json(ctx, 200,
                io.aisle.simulator.FleetOnboarding.of(fleet, "true".equals(ctx.queryParams().get("openAllDay")))));
        router.get("/sim/faults").handler(this::listFaults);
        router.post("/sim/faults").handler(this::applyMix);
        router.route("/sim/*").failureHandler(Problems::fail);
    }

    private void setStoreFault(RoutingContext ctx) {
        Optional<Store> store = store(ctx);
        if (store.isEmpty()) {
            return;
        }
        Fault fault = faultFrom(ctx);
        fleet.setStoreFault(store.get(), fault);
        Problems.json(ctx, 200, Map.of("storeId", store.get().id(), "fault", faultJson(fault),
                "effective", faultJson(fleet.faultOf(store.get()))));
    }

    private void setChainFault(RoutingContext ctx) {
        String chainId = ctx.pathParam("chainId");
        if (fleet.chain(chainId).isEmpty()) {
            Problems.send(ctx, 404, "unknown-chain", "Unknown chain", "no chain " + chainId + " in this fleet");
            return;
        }
        Fault fault = faultFrom(ctx);
        fleet.setChainFault(chainId, fault);
        Problems.json(ctx, 200, Map.of("chainId", chainId, "fault", faultJson(fault)));
    }

    private void clearFaults(RoutingContext ctx) {
        fleet.clearFaults();
        ctx.response().setStatusCode(204).end();
    }

    private void openHolds(RoutingContext ctx) {
        store(ctx).ifPresent(store -> Problems.json(ctx, 200, Map.of("storeId", store.id(), "holds", store.openHolds())));
    }

    private void allOpenHolds(RoutingContext ctx) {
        List<Object> open = new ArrayList<>();
        for (Store store : fleet.stores()) {
            open.addAll(store.openHolds());
        }
        Problems.json(ctx, 200, Map.of("holds", open));
    }

    private void stockOf(RoutingContext ctx) {
        Optional<Store> store = store(ctx);
        if (store.isEmpty()) {
            return;
        }
        Gtin gtin = gtin(ctx);
        var available = store.get().available(gtin);
        if (available.isEmpty()) {
            Problems.send(ctx, 404, "not-carried", "Not carried", store.get().id() + " does not sell " + gtin);
            return;
        }
        Problems.json(ctx, 200, Map.of("gtin", gtin, "available", available.getAsInt(), "unitPrice", store.get().price(gtin).orElseThrow()));
    }

    private void setStock(RoutingContext ctx) {
        Optional<Store> store = store(ctx);
        if (store.isEmpty()) {
            return;
        }
        Gtin gtin = gtin(ctx);
        JsonObject body = jsonBody(ctx);
        Object available = body.getValue("available");
        if (!(available instanceof Integer units) || units < 0) {
            throw new Problems.InvalidBody("available must be a non-negative integer");
        }
        if (!store.get().carries(gtin)) {
            Problems.send(ctx, 404, "not-carried", "Not carried", store.get().id() + " does not sell " + gtin);
            return;
        }
        store.get().setAvailable(gtin, units);
        Problems.json(ctx, 200, Map.of("gtin", gtin, "available", units));
    }

    private void describeStore(RoutingContext ctx) {
        store(ctx).ifPresent(store -> {
            Map<String, Object> body = summary(store);
            body.put("open", store.isOpenNow());
            body.put("ownFault", faultJson(store.ownFault()));
            body.put("effectiveFault", faultJson(fleet.faultOf(store)));
            body.put("stats", store.stats());
            body.put("assortment", store.assortment().size());
            body.put("pickListIds", store.pickLists().stream().map(p -> p.pickListId()).toList());
            Problems.json(ctx, 200, body);
        });
    }

    private void listStores(RoutingContext ctx) {
        String chainId = ctx.queryParams().get("chainId");
        List<Store> stores = chainId == null ? fleet.stores() : fleet.storesOf(chainId);
        List<Map<String, Object>> body = new ArrayList<>(stores.size());
        for (Store store : stores) {
            body.add(summary(store));
        }
        Problems.json(ctx, 200, Map.of("stores", body));
    }

    private void catalogue(RoutingContext ctx) {
        List<CatalogueItem> items = fleet.catalogue().search(ctx.queryParams().get("q"));
        Problems.json(ctx, 200, Map.of("items", items));
    }

    private void stats(RoutingContext ctx) {
        Map<String, Long> body = new LinkedHashMap<>();
        body.put("stores", (long) fleet.size());
        body.putAll(fleet.counters().snapshot());
        body.put("openHolds", fleet.openHolds());
        for (SimulatorModule module : modules) {
            module.stats().forEach((key, value) -> body.merge(key, value, Long::sum));
        }
        Problems.json(ctx, 200, body);
    }

    private void applyMix(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        List<Store> faulted;
        try {
            Object seed = body.getValue("seed", fleet.spec().seed());
            if (!(seed instanceof Number number)) {
                throw new Problems.InvalidBody("seed must be a number");
            }
            faulted = io.aisle.simulator.fleet.FaultMix.apply(fleet, body.getString("mix"), number.longValue());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new Problems.InvalidBody(e.getMessage());
        }
        Problems.json(ctx, 200, Map.of("mix", String.valueOf(body.getValue("mix")), "stores", faulted.stream().map(Store::id).toList()));
    }

    private void listFaults(RoutingContext ctx) {
        Map<String, Object> chains = new LinkedHashMap<>();
        for (String chainId : fleet.chains().keySet()) {
            Fault fault = fleet.chainFault(chainId);
            if (fault.active()) {
                chains.put(chainId, faultJson(fault));
            }
        }
        Map<String, Object> stores = new LinkedHashMap<>();
        for (Store store : fleet.stores()) {
            if (store.ownFault().active()) {
                stores.put(store.id(), faultJson(store.ownFault()));
            }
        }
        Problems.json(ctx, 200, Map.of("chains", chains, "stores", stores));
    }

    private static Map<String, Object> summary(Store store) {
        ChainSpec chain = store.chain();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("storeId", store.id());
        body.put("chainId", chain.chainId());
        body.put("kind", chain.kind());
        body.put("name", store.name());
        body.put("location", store.location());
        body.put("hours", store.hours().toString());
        return body;
    }

    private Optional<Store> store(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        Optional<Store> store = fleet.store(storeId);
        if (store.isEmpty()) {
            Problems.send(ctx, 404, "unknown-store", "Unknown store", "no store " + storeId + " in this fleet");
        }
        return store;
    }

    private static Gtin gtin(RoutingContext ctx) {
        try {
            return Gtin.of(ctx.pathParam("gtin"));
        } catch (IllegalArgumentException e) {
            throw new Problems.InvalidBody(e.getMessage());
        }
    }

    private static Fault faultFrom(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        Object latency = body.getValue("latencyMs", 0);
        if (!(latency instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new Problems.InvalidBody("latencyMs must be a whole number of milliseconds");
        }
        try {
            return Fault.of(FaultMode.parse(body.getString("mode")), number.longValue());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new Problems.InvalidBody(e.getMessage());
        }
    }

    private static JsonObject jsonBody(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new Problems.InvalidBody("a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new Problems.InvalidBody("a JSON object body is required");
        }
    }

    private static Map<String, Object> faultJson(Fault fault) {
        return Map.of("mode", fault.mode().wireName(), "latencyMs", fault.latencyMs());
    }
}
