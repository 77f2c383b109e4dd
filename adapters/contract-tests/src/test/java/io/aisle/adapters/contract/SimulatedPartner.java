package io.aisle.adapters.contract;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.FleetServer;
import io.aisle.simulator.RunningFleet;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The simulator fleet as a partner under test: a small fleet served by a real {@link FleetServer} on a
 * free port, on a {@link TestClock}, driven and inspected through its {@code /sim} control API. Works
 * for any chain of the fleet; the adapter comes from a factory given the running fleet.
 */
public final class SimulatedPartner implements PartnerUnderTest {

    private final Vertx vertx;
    private final TestClock clock = new TestClock(Instant.now());
    private final Fleet fleet;
    private final RunningFleet running;
    private final WebClient control;
    private final String chainId;
    private final ChainAdapter adapter;
    private final Duration callTimeout;
    private final AtomicInteger nextStore = new AtomicInteger();

    public SimulatedPartner(Vertx vertx, String chainId, int storesPerChain, Duration callTimeout,
            Function<RunningFleet, ChainAdapter> adapterFactory) {
        this.vertx = vertx;
        this.chainId = chainId;
        this.callTimeout = callTimeout;
        this.fleet = Fleet.build(FleetSpec.withStoresPerChain(storesPerChain), Catalogue.standard(), clock);
        this.running = await(FleetServer.start(vertx, fleet, FleetServer.Options.ephemeral()));
        this.control = WebClient.create(vertx);
        this.adapter = adapterFactory.apply(running);
        warmUp();
    }

    /** Warms the adapter up on the chain's last store, which the tests do not use. */
    private void warmUp() {
        List<Store> stores = fleet.storesOf(chainId);
        StoreRef spare = new StoreRef(stores.get(stores.size() - 1).id(), chainId);
        warmUp("warm-up-", spare, fleet.store(spare.storeId()).orElseThrow().assortment().get(0).gtin(), 1);
    }

    public RunningFleet running() {
        return running;
    }

    public Fleet fleet() {
        return fleet;
    }

    @Override
    public ChainAdapter adapter() {
        return adapter;
    }

    @Override
    public StoreRef freshStore() {
        List<Store> stores = fleet.storesOf(chainId);
        Store store = stores.get(nextStore.getAndIncrement() % stores.size());
        return new StoreRef(store.id(), chainId);
    }

    @Override
    public StoreRef unknownStore() {
        return new StoreRef(chainId + "-999999", chainId);
    }

    @Override
    public Gtin productWithStock(StoreRef store, int units) {
        Store simulated = fleet.store(store.storeId()).orElseThrow();
        for (CatalogueItem item : simulated.assortment()) {
            if (stockOf(store, item.gtin()) >= units) {
                return item.gtin();
            }
        }
        throw new IllegalStateException(store.storeId() + " has no product with " + units + " units");
    }

    @Override
    public Gtin productNotSold(StoreRef store) {
        Store simulated = fleet.store(store.storeId()).orElseThrow();
        return fleet.catalogue().items().stream().map(CatalogueItem::gtin).filter(g -> !simulated.carries(g)).findFirst().orElseThrow();
    }

    @Override
    public int stockOf(StoreRef store, Gtin gtin) {
        return get("/sim/stores/" + store.storeId() + "/stock/" + gtin).getInteger("available");
    }

    @Override
    public Set<String> openHolds(StoreRef store) {
        JsonArray holds = get("/sim/stores/" + store.storeId() + "/holds").getJsonArray("holds");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < holds.size(); i++) {
            ids.add(holds.getJsonObject(i).getString("holdId"));
        }
        return ids;
    }

    @Override
    public Set<String> pickListsReceived(StoreRef store) {
        JsonArray ids = get("/sim/stores/" + store.storeId()).getJsonArray("pickListIds");
        Set<String> result = new HashSet<>();
        ids.forEach(id -> result.add((String) id));
        return result;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public void injectFault(StoreRef store, FaultMode mode, long latencyMs) {
        await(control.postAbs(running.baseUrl() + "/sim/stores/" + store.storeId() + "/faults")
                .sendJsonObject(new JsonObject().put("mode", mode.wireName()).put("latencyMs", latencyMs))
                .expecting(HttpResponseExpectation.SC_OK));
    }

    @Override
    public void clearFaults() {
        await(control.deleteAbs(running.baseUrl() + "/sim/faults").send().expecting(HttpResponseExpectation.SC_NO_CONTENT));
    }

    @Override
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public void close() {
        await(adapter.close());
        control.close();
        await(running.stop());
    }

    private JsonObject get(String path) {
        HttpResponse<Buffer> response = await(control.getAbs(running.baseUrl() + path).send().expecting(HttpResponseExpectation.SC_OK));
        return response.bodyAsJsonObject();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the simulator did not answer within 10 s", e);
        }
    }
}
