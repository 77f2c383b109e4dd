package io.aisle.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server tests talk to: the one {@code AISLE_TEST_PG_URL} names
 * ({@code postgresql://user[:password]@host:port/database}, the database being where new ones are
 * created from), else an embedded server (real binaries shipped as a Maven artifact) started once per
 * test JVM. Every test class gets a database of its own, so tests never see each other's rows.
 */
public final class TestPostgres {

    /** Where a test database is and who may use it. */
    public record Database(String host, int port, String name, String user, String password) {
    }

    private static Database admin;

    private TestPostgres() {
    }

    /** A new, empty database on the test PostgreSQL server. */
    public static synchronized Database freshDatabase() {
        Database server = adminDatabase();
        String name = "aisle_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + server.name(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + server.host() + ":" + server.port(), e);
        }
        return new Database(server.host(), server.port(), name, server.user(), server.password());
    }

    private static Database adminDatabase() {
        if (admin != null) {
            return admin;
        }
        String external = System.getenv("AISLE_TEST_PG_URL");
        if (external == null || external.isBlank()) {
            EmbeddedPostgres embedded = startEmbedded();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(embedded), "embedded-pg-stop"));
            admin = new Database("127.0.0.1", embedded.getPort(), "postgres", "postgres", "");
        } else {
            URI uri = URI.create(external);
            String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
            admin = new Database(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                    uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1),
                    userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
        }
        return admin;
    }

    private static EmbeddedPostgres startEmbedded() {
        try {
            // many test classes, each with its own pool, share this one server
            return EmbeddedPostgres.builder()
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
    }

    private static void stop(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        }
    }
}
