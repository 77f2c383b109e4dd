package io.aisle.adapters.pushonly;

import static io.aisle.testing.Eventually.eventually;

import io.aisle.adapters.callback.CallbackSigners;
import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.StockPush;
import io.aisle.simulator.FleetServer;
import io.aisle.simulator.RunningFleet;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.fleet.Timings;
import io.aisle.simulator.pushonly.PushOnlySimulator;
import io.aisle.simulator.pushonly.PushOnlySimulatorConfig;
import io.aisle.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated push-only chain ("pushfresh") of a small fleet, served by a real fleet server, pushing
 * and pulling over real HTTP to a {@link CallbackReceiver} that mounts {@link PushOnlyIngest} on a
 * real Redis; and the gateway's {@link PushOnlyAdapter} on the same Redis. Everything runs on one
 * {@link TestClock}. Stores push every {@code pushPeriod} (300 ms unless told) and pull every 200 ms;
 * picking takes a few hundred ms.
 */
public final class SimulatedPushChain implements AutoCloseable {

    public static final String CHAIN = FleetSpec.PUSHFRESH;
    public static final Duration PUSH_PERIOD = Duration.ofMillis(300);
    public static final Duration PULL_PERIOD = Duration.ofMillis(200);

    private final TestClock clock = new TestClock(Instant.now());
    private final Fleet fleet;
    private final Redis redis;
    private final PushOnlySettings settings;
    private final ChainStores stores;
    private final CallbackReceiver receiver;
    private final PushOnlyAdapter adapter;
    private final PushOnlySimulator simulator;
    private final RunningFleet running;

    public SimulatedPushChain(Vertx vertx, String redisUri, int storesPerChain, PushOnlySettings settings) {
        this(vertx, redisUri, storesPerChain, settings, PUSH_PERIOD);
    }

    public SimulatedPushChain(Vertx vertx, String redisUri, int storesPerChain, PushOnlySettings settings, Duration pushPeriod) {
        this.settings = settings;
        FleetSpec spec = FleetSpec.withStoresPerChain(storesPerChain)
                .withTimings(new Timings(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        this.fleet = Fleet.build(spec, Catalogue.standard(), clock);
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri).setMaxPoolSize(16).setMaxPoolWaiting(1024));
        this.stores = ChainStores.of(fleet.storesOf(CHAIN).stream().map(store -> new StoreRef(store.id(), CHAIN)).toList());
        String secret = fleet.chain(CHAIN).orElseThrow().signingSecret();
        PushOnlyIngest ingest = PushOnlyIngest.create(redis, CallbackSigners.of(Map.of(CHAIN, secret), clock), stores, settings, clock);
        this.receiver = await(new CallbackReceiver(ingest).start(vertx));
        this.adapter = PushOnlyAdapter.create(CHAIN, redis, stores, settings, clock);
        this.simulator = new PushOnlySimulator(vertx, fleet,
                PushOnlySimulatorConfig.defaults(receiver.baseUrl()).withPeriods(pushPeriod, Duration.ofMillis(200), PULL_PERIOD));
        this.running = await(FleetServer.start(vertx, fleet, FleetServer.Options.ephemeral(), List.of(simulator)));
    }

    public TestClock clock() {
        return clock;
    }

    public Fleet fleet() {
        return fleet;
    }

    public RunningFleet running() {
        return running;
    }

    public CallbackReceiver receiver() {
        return receiver;
    }

    public PushOnlyAdapter adapter() {
        return adapter;
    }

    public PushOnlySettings settings() {
        return settings;
    }

    public Redis redis() {
        return redis;
    }

    public ChainStores stores() {
        return stores;
    }

    public List<Store> pushOnlyStores() {
        return fleet.storesOf(CHAIN);
    }

    public Store simulated(StoreRef store) {
        return fleet.store(store.storeId()).orElseThrow();
    }

    /** Waits until the store's latest applied SNAPSHOT is as of now (by the test clock) or later. */
    public StockPush awaitFreshSnapshot(StoreRef store) {
        Instant now = clock.instant();
        eventually("a fresh snapshot of " + store.storeId(), () -> receiver.lastSnapshot(store.storeId()).filter(push -> !push.asOf().isBefore(now)).isPresent());
        return receiver.lastSnapshot(store.storeId()).orElseThrow();
    }

    public Optional<StockPush> lastApplied(StoreRef store) {
        return receiver.lastApplied(store.storeId());
    }

    @Override
    public void close() {
        await(running.stop().recover(alreadyStopped -> Future.succeededFuture()));
        await(simulator.close());
        await(receiver.stop());
        redis.close();
    }

    static <T> T await(Future<T> future) {
        return ScriptedChain.await(future);
    }
}
