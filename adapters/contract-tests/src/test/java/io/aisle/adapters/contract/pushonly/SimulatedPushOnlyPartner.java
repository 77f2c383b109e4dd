package io.aisle.adapters.contract.pushonly;

import io.aisle.adapters.callback.CallbackRejected;
import static io.aisle.adapters.contract.ChainAdapterContractTest.await;
import static io.aisle.testing.Eventually.eventually;

import io.aisle.adapters.pushonly.PushOnlySettings;
import io.aisle.adapters.pushonly.SimulatedPushChain;
import io.aisle.adapters.pushonly.SoftHolds;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Store;
import io.aisle.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The simulated push-only chain ("pushfresh") as the partner under test: a small fleet pushes signed
 * snapshots and pulls its pick lists over real HTTP to a small receiver mounting the gateway's
 * ingest; the adapter reads what those pushes left in a real Redis. Driven through the fleet's
 * {@code /sim} control API. Stores push a snapshot when a test asks for a fresh one (the control
 * API's push-now) and otherwise rarely, so a stopped chain really is silent.
 */
final class SimulatedPushOnlyPartner extends SoftHoldingPartner {

    private static final int STORES = 40;

    private final SimulatedPushChain chain;
    private final SoftHolds softHolds;
    private final WebClient control;
    private final ChainAdapter adapter;
    private final Map<String, Set<String>> submitted = new ConcurrentHashMap<>();
    private final AtomicInteger nextStore = new AtomicInteger();

    SimulatedPushOnlyPartner(Vertx vertx, String redisUri) {
        PushOnlySettings settings = PushOnlySettings.defaults().withStaleAfter(Duration.ofMinutes(2));
        this.chain = new SimulatedPushChain(vertx, redisUri, STORES, settings, Duration.ofMinutes(10));
        this.softHolds = new SoftHolds(chain.redis(), settings, chain.clock());
        this.control = WebClient.create(vertx);
        this.adapter = new RecordingAdapter(chain.adapter());
    }

    @Override
    public ChainAdapter adapter() {
        return adapter;
    }

    @Override
    public StoreRef freshStore() {
        List<Store> stores = chain.pushOnlyStores();
        int n = nextStore.getAndIncrement();
        if (n >= stores.size()) {
            throw new IllegalStateException("the simulated chain has only " + stores.size() + " stores");
        }
        StoreRef store = new StoreRef(stores.get(n).id(), SimulatedPushChain.CHAIN);
        awaitFreshSnapshot(store);
        return store;
    }

    @Override
    public StoreRef unknownStore() {
        return new StoreRef(SimulatedPushChain.CHAIN + "-999999", SimulatedPushChain.CHAIN);
    }

    @Override
    public Gtin productWithStock(StoreRef store, int units) {
        return chain.simulated(store).assortment().stream().map(CatalogueItem::gtin).filter(gtin -> stockOf(store, gtin) >= units)
                .findFirst().orElseThrow(() -> new IllegalStateException(store.storeId() + " has no product with " + units + " units"));
    }

    @Override
    public Gtin productNotSold(StoreRef store) {
        Store simulated = chain.simulated(store);
        return chain.fleet().catalogue().items().stream().map(CatalogueItem::gtin).filter(gtin -> !simulated.carries(gtin)).findFirst()
                .orElseThrow();
    }

    @Override
    protected SoftHolds softHolds() {
        return softHolds;
    }

    @Override
    protected int shelf(StoreRef store, Gtin gtin) {
        Store simulated = chain.simulated(store);
        return chain.fleet().faultOf(simulated).mode() == FaultMode.OUTOFSTOCK ? 0 : simulated.available(gtin).orElse(0);
    }

    /** The pick lists the simulated store has pulled, once it has pulled every list submitted to it. */
    @Override
    public Set<String> pickListsReceived(StoreRef store) {
        Store simulated = chain.simulated(store);
        Set<String> expected = submitted.getOrDefault(store.storeId(), Set.of());
        eventually("the simulated store to pull " + expected, () -> ids(simulated).containsAll(expected));
        return ids(simulated);
    }

    @Override
    public TestClock clock() {
        return chain.clock();
    }

    @Override
    public void injectFault(StoreRef store, FaultMode mode, long latencyMs) {
        int refusedBefore = chain.receiver().refusals(CallbackRejected.Reason.MALFORMED);
        await(control.postAbs(chain.running().baseUrl() + "/sim/stores/" + store.storeId() + "/faults")
                .sendJsonObject(new JsonObject().put("mode", mode.wireName()).put("latencyMs", latencyMs))
                .expecting(HttpResponseExpectation.SC_OK));
        switch (mode) {
            case NONE -> awaitFreshSnapshot(store);
            case OUTOFSTOCK -> {
                pushNow(store);
                eventually("a snapshot of zero levels from " + store.storeId(), () -> chain.receiver().lastSnapshot(store.storeId())
                        .filter(push -> !push.items().isEmpty() && push.items().stream().allMatch(item -> item.available() == 0))
                        .isPresent());
            }
            case GARBAGE -> {
                pushNow(store);
                eventually("a garbled push from " + store.storeId() + " refused", () -> chain.receiver().refusals(CallbackRejected.Reason.MALFORMED) > refusedBefore);
            }
            default -> {
                // HANG, ERROR, RESET: the store stops pushing. SLOW: its pushes come late. RATELIMIT: nothing to see.
            }
        }
    }

    @Override
    public void clearFaults() {
        await(control.deleteAbs(chain.running().baseUrl() + "/sim/faults").send().expecting(HttpResponseExpectation.SC_NO_CONTENT));
    }

    @Override
    public PushOnlySettings settings() {
        return chain.settings();
    }

    /** Asks the store to push now and waits for a snapshot, as of now, that shows its shelves as they are. */
    @Override
    public void awaitFreshSnapshot(StoreRef store) {
        Instant now = chain.clock().instant();
        Store simulated = chain.simulated(store);
        pushNow(store);
        eventually("a fresh snapshot of " + store.storeId(), () -> chain.receiver().lastSnapshot(store.storeId())
                .filter(push -> !push.asOf().isBefore(now) && showsShelves(push, simulated)).isPresent());
    }

    @Override
    public void close() {
        control.close();
        chain.close();
    }

    private void pushNow(StoreRef store) {
        await(control.postAbs(chain.running().baseUrl() + "/sim/push-only/stores/" + store.storeId() + "/push").send()
                .expecting(HttpResponseExpectation.SC_ACCEPTED));
    }

    private static boolean showsShelves(StockPush push, Store store) {
        for (StockItem item : push.items()) {
            if (store.available(item.gtin()).orElse(-1) != item.available()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> ids(Store store) {
        return store.pickLists().stream().map(PickList::pickListId).collect(Collectors.toSet());
    }

    /** The adapter under test, noting which pick lists were handed to which store. */
    private final class RecordingAdapter implements ChainAdapter {

        private final ChainAdapter delegate;

        RecordingAdapter(ChainAdapter delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chainId() {
            return delegate.chainId();
        }

        @Override
        public PartnerKind kind() {
            return delegate.kind();
        }

        @Override
        public Future<StockAnswer> queryStock(StoreRef store, StockQuery query) {
            return delegate.queryStock(store, query);
        }

        @Override
        public Future<Hold> hold(StoreRef store, HoldRequest request) {
            return delegate.hold(store, request);
        }

        @Override
        public Future<Void> release(StoreRef store, String holdId) {
            return delegate.release(store, holdId);
        }

        @Override
        public Future<Void> submitPickList(StoreRef store, PickList pickList) {
            return delegate.submitPickList(store, pickList).onSuccess(ignored ->
                    submitted.computeIfAbsent(store.storeId(), id -> ConcurrentHashMap.newKeySet()).add(pickList.pickListId()));
        }

        @Override
        public Future<Void> cancel(StoreRef store, String orderId) {
            return delegate.cancel(store, orderId);
        }

        @Override
        public Future<Void> close() {
            return delegate.close();
        }
    }
}
