package io.aisle.gateway.testing;

import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.dev.EmbeddedPostgresServer;
import io.aisle.gateway.dev.EmbeddedRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
    private static int nextRedisDatabase;

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

    /**
     * An empty logical database on the test Redis server (shared by the test JVM): each call takes the
     * next of databases 1 to 15 and flushes it, so test classes do not see each other's keys.
     */
    public static synchronized RedisConfig redis() {
        String external = System.getenv("AISLE_TEST_REDIS_URL");
        URI base;
        if (external != null && !external.isBlank()) {
            base = URI.create(external);
        } else {
            if (embeddedRedis == null) {
                embeddedRedis = EmbeddedRedisServer.start();
                Runtime.getRuntime().addShutdownHook(new Thread(embeddedRedis::close, "embedded-redis-stop"));
            }
            base = URI.create(embeddedRedis.url());
        }
        int database = 1 + (nextRedisDatabase++ % 15);
        flush(base.getHost(), base.getPort(), database);
        return new RedisConfig("redis://" + base.getHost() + ":" + base.getPort() + "/" + database, 8, 1024);
    }

    private static void flush(String host, int port, int database) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("SELECT " + database + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = new byte[10];
            int read = 0;
            while (read < 10) { // "+OK\r\n+OK\r\n"
                int n = socket.getInputStream().read(reply, read, 10 - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            if (!new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+OK\r\n+OK\r\n")) {
                throw new IllegalStateException("test Redis did not flush database " + database);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the test Redis at " + host + ":" + port, e);
        }
    }
}
