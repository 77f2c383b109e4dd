package io.aisle.gateway.testing;

import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.dev.EmbeddedPostgresServer;
import io.aisle.gateway.dev.EmbeddedRedisServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL and Redis servers tests talk to. Embedded servers (started once per test JVM)
 * unless {@code AISLE_TEST_PG_URL} ({@code postgresql://user[:password]@host:port/database}) or
 * {@code AISLE_TEST_REDIS_URL} ({@code redis://host:port/db}) name external ones. Every test class
 * gets a database of its own, so tests never see each other's rows.
 */
public final class TestServers {

    private static EmbeddedPostgresServer embeddedPostgres;
    private static EmbeddedRedisServer embeddedRedis;

    private TestServers() {
    }

    /** A new, empty database on the test PostgreSQL server. */
    public static synchronized PgConfig freshDatabase() {
        String name = "aisle_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String external = System.getenv("AISLE_TEST_PG_URL");
        if (external == null || external.isBlank()) {
            if (embeddedPostgres == null) {
                embeddedPostgres = EmbeddedPostgresServer.start();
                Runtime.getRuntime().addShutdownHook(new Thread(embeddedPostgres::close, "embedded-pg-stop"));
            }
            return embeddedPostgres.createDatabase(name, 8);
        }
        URI uri = URI.create(external);
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
        String user = userInfo[0];
        String password = userInfo.length > 1 ? userInfo[1] : "";
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String adminDb = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + adminDb, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name.toLowerCase(Locale.ROOT));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + external, e);
        }
        return new PgConfig(uri.getHost(), port, name, user, password, 8, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** The test Redis server (shared by the test JVM). */
    public static synchronized RedisConfig redis() {
        String external = System.getenv("AISLE_TEST_REDIS_URL");
        if (external != null && !external.isBlank()) {
            return new RedisConfig(external, 8, 1024);
        }
        if (embeddedRedis == null) {
            embeddedRedis = EmbeddedRedisServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(embeddedRedis::close, "embedded-redis-stop"));
        }
        return new RedisConfig(embeddedRedis.url(), 8, 1024);
    }
}
