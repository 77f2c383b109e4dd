package io.aisle.adapters.pushonly;

import io.aisle.adapters.callback.CallbackSigners;
import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.value.Gtin;
import io.aisle.testing.TestClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One push-only chain ("testfresh", stores testfresh-01..10) wired as the gateway wires it, on a
 * real Redis and a test clock: the ingest, the adapter, and the chain itself played by the test.
 */
final class PushOnlyFixture implements AutoCloseable {

    static final String CHAIN = "testfresh";
    static final String SECRET = "testfresh-callback-secret";
    static final Gtin RICE = Gtin.fromPrefix("690000000001");
    static final Gtin FLOUR = Gtin.fromPrefix("690000000002");
    static final Gtin EGGS = Gtin.fromPrefix("690000000003");
    static final Gtin NOT_SOLD = Gtin.fromPrefix("690000000099");

    final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    final PushOnlySettings settings;
    final Redis redis;
    final ChainStores stores;
    final PushOnlyIngest ingest;
    final PushOnlyAdapter adapter;
    final ScriptedChain chain;

    PushOnlyFixture(Vertx vertx, String redisUri, PushOnlySettings settings) {
        this.settings = settings;
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri).setMaxPoolSize(16).setMaxPoolWaiting(256));
        this.stores = ChainStores.of(IntStream.rangeClosed(1, 10).mapToObj(n -> store(n)).toList());
        this.ingest = PushOnlyIngest.create(redis, CallbackSigners.of(Map.of(CHAIN, SECRET), clock), stores, settings, clock);
        this.adapter = PushOnlyAdapter.create(CHAIN, redis, stores, settings, clock);
        this.chain = new ScriptedChain(CHAIN, SECRET, ingest, clock);
    }

    static PushOnlySettings testSettings() {
        return PushOnlySettings.defaults().withStaleAfter(Duration.ofMinutes(2));
    }

    static StoreRef store(int n) {
        return new StoreRef(String.format("%s-%02d", CHAIN, n), CHAIN);
    }

    void flush() {
        ScriptedChain.await(redis.send(Request.cmd(Command.FLUSHDB)));
    }

    /** The store's snapshot: rice 10, flour 40, eggs 5. */
    StockPushReceipt stocked(StoreRef store) {
        return chain.snapshot(store.storeId(), Map.of(RICE, 10, FLOUR, 40, EGGS, 5));
    }

    List<StoreRef> allStores() {
        return IntStream.rangeClosed(1, 10).mapToObj(PushOnlyFixture::store).toList();
    }

    @Override
    public void close() {
        redis.close();
    }
}
