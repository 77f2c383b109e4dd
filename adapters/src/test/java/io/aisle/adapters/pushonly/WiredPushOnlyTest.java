package io.aisle.adapters.pushonly;

import io.aisle.adapters.spi.StoreRef;
import io.aisle.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the push-only side wired as the gateway wires it: each test gets a fresh
 * {@link PushOnlyFixture} on a Redis database of the test class's own, emptied before the test.
 */
@ExtendWith(VertxExtension.class)
abstract class WiredPushOnlyTest {

    private static String redisUri;

    protected PushOnlyFixture fixture;
    protected final StoreRef store = PushOnlyFixture.store(1);

    @BeforeAll
    static void takeARedisDatabase() {
        redisUri = TestRedis.freshDatabase();
    }

    @BeforeEach
    void wire(Vertx vertx) {
        fixture = new PushOnlyFixture(vertx, redisUri, PushOnlyFixture.testSettings());
        fixture.flush();
    }

    @AfterEach
    void unwire() {
        fixture.close();
    }

    /** The test class's Redis database, for a second fixture of a test's own. */
    protected static String redisUri() {
        return redisUri;
    }
}
