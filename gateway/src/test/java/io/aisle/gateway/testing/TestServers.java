package io.aisle.gateway.testing;

import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.testing.TestPostgres;
import io.aisle.testing.TestRedis;
import java.time.Duration;

/**
 * The real PostgreSQL and Redis servers tests talk to ({@link TestPostgres}, {@link TestRedis}: embedded,
 * unless {@code AISLE_TEST_PG_URL} or {@code AISLE_TEST_REDIS_URL} name servers of your own), as the
 * gateway's configuration. Every test class gets a database of its own on each.
 */
public final class TestServers {

    private TestServers() {
    }

    /** A new, empty database on the test PostgreSQL server. */
    public static PgConfig freshDatabase() {
        TestPostgres.Database db = TestPostgres.freshDatabase();
        return new PgConfig(db.host(), db.port(), db.name(), db.user(), db.password(), 8, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** An empty logical database on the test Redis server. */
    public static RedisConfig redis() {
        return new RedisConfig(TestRedis.freshDatabase(), 8, 1024);
    }
}
