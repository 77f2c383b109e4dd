package io.aisle.adapters.contract.pushonly;

import io.aisle.adapters.callback.CallbackRejected;
import static io.aisle.adapters.contract.ChainAdapterContractTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.aisle.adapters.callback.CallbackSigners;
import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.pushonly.PushOnlyAdapter;
import io.aisle.adapters.pushonly.PushOnlyIngest;
import io.aisle.adapters.pushonly.PushOnlySettings;
import io.aisle.adapters.pushonly.ScriptedChain;
import io.aisle.adapters.pushonly.SoftHolds;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.testing.TestClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A push-only chain played by the test itself, the stub double of this kind (what WireMock is for a
 * chain that answers calls): it keeps its stores' shelves, signs its pushes with the chain's secret
 * and hands them to the gateway's {@link PushOnlyIngest}; it pulls its pick lists the same way. The
 * adapter under test reads what the pushes left in a real Redis. Faults are played as a push-only
 * chain shows them (see {@link io.aisle.adapters.contract.PushOnlyChainContractTest}).
 */
final class ScriptedPushOnlyPartner extends SoftHoldingPartner {

    static final String CHAIN = "scripted-fresh";
    private static final String SECRET = "scripted-fresh-callback-secret";
    private static final int STORES = 60;
    private static final Gtin NOT_SOLD = Gtin.fromPrefix("690000000999");

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final PushOnlySettings settings = PushOnlySettings.defaults().withStaleAfter(Duration.ofMinutes(2));
    private final Redis redis;
    private final SoftHolds softHolds;
    private final PushOnlyAdapter adapter;
    private final ScriptedChain chain;
    private final Map<String, Map<Gtin, Integer>> shelves = new ConcurrentHashMap<>();
    private final Map<String, FaultMode> faults = new ConcurrentHashMap<>();
    private final AtomicInteger nextStore = new AtomicInteger(1);

    ScriptedPushOnlyPartner(Vertx vertx, String redisUri) {
        this.redis = Redis.createClient(vertx, redisUri);
        ChainStores stores = ChainStores.of(IntStream.rangeClosed(1, STORES).mapToObj(ScriptedPushOnlyPartner::ref).toList());
        PushOnlyIngest ingest = PushOnlyIngest.create(redis, CallbackSigners.of(Map.of(CHAIN, SECRET), clock), stores, settings, clock);
        this.softHolds = new SoftHolds(redis, settings, clock);
        this.adapter = PushOnlyAdapter.create(CHAIN, redis, stores, settings, clock);
        this.chain = new ScriptedChain(CHAIN, SECRET, ingest, clock);
    }

    private static StoreRef ref(int n) {
        return new StoreRef(String.format("%s-%04d", CHAIN, n), CHAIN);
    }

    @Override
    public ChainAdapter adapter() {
        return adapter;
    }

    @Override
    public StoreRef freshStore() {
        int n = nextStore.getAndIncrement();
        if (n > STORES) {
            throw new IllegalStateException("the scripted chain has only " + STORES + " stores");
        }
        StoreRef store = ref(n);
        Map<Gtin, Integer> shelf = new LinkedHashMap<>();
        for (int product = 1; product <= 6; product++) {
            shelf.put(Gtin.fromPrefix(String.format("6900000001%02d", product)), 10 + 10 * product);
        }
        shelves.put(store.storeId(), shelf);
        awaitFreshSnapshot(store);
        return store;
    }

    @Override
    public StoreRef unknownStore() {
        return new StoreRef(CHAIN + "-999999", CHAIN);
    }

    @Override
    public Gtin productWithStock(StoreRef store, int units) {
        return shelves.get(store.storeId()).keySet().stream().filter(gtin -> stockOf(store, gtin) >= units).findFirst()
                .orElseThrow(() -> new IllegalStateException(store.storeId() + " has no product with " + units + " units"));
    }

    @Override
    public Gtin productNotSold(StoreRef store) {
        return NOT_SOLD;
    }

    @Override
    protected SoftHolds softHolds() {
        return softHolds;
    }

    @Override
    protected int shelf(StoreRef store, Gtin gtin) {
        return faults.get(store.storeId()) == FaultMode.OUTOFSTOCK ? 0 : shelves.get(store.storeId()).getOrDefault(gtin, 0);
    }

    /** What the chain gets when it pulls (a signed GET through the ingest). */
    @Override
    public Set<String> pickListsReceived(StoreRef store) {
        return chain.pull(store.storeId()).stream().map(PickList::pickListId).collect(Collectors.toSet());
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public void injectFault(StoreRef store, FaultMode mode, long latencyMs) {
        faults.put(store.storeId(), mode);
        switch (mode) {
            case NONE -> awaitFreshSnapshot(store);
            case OUTOFSTOCK -> chain.snapshot(store.storeId(), shelves.get(store.storeId()).keySet().stream()
                    .collect(Collectors.toMap(gtin -> gtin, gtin -> 0)));
            case GARBAGE -> {
                byte[] garbled = ("{\"storeId\":\"" + store.storeId() + "\",\"sequence\":\"next\",\"items\":\"see attachment\"}")
                        .getBytes(StandardCharsets.UTF_8);
                try {
                    await(chain.ingest().receiveStock(CHAIN, chain.signed(garbled), garbled));
                    fail("the gateway accepted a garbled push");
                } catch (CallbackRejected refused) {
                    assertEquals(CallbackRejected.Reason.MALFORMED, refused.reason(), refused.getMessage());
                }
            }
            default -> {
                // HANG, ERROR, RESET: the chain stops pushing. SLOW, RATELIMIT: nothing the adapter can see.
            }
        }
    }

    @Override
    public void clearFaults() {
        faults.clear();
    }

    @Override
    public PushOnlySettings settings() {
        return settings;
    }

    /** The chain pushes a SNAPSHOT of its shelves, as of now. */
    @Override
    public void awaitFreshSnapshot(StoreRef store) {
        chain.snapshot(store.storeId(), shelves.get(store.storeId()));
    }

    @Override
    public void close() {
        redis.close();
    }
}
