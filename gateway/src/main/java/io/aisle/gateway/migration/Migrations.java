package io.aisle.gateway.migration;

import io.aisle.gateway.config.PgConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations (Flyway, files under {@code db/migration}). They run once at start-up,
 * over JDBC, on the main thread before any verticle is deployed: no event loop is involved.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private Migrations() {
    }

    /** Waits (bounded by the config's start-up timeout) for PostgreSQL, then applies pending migrations. */
    public static String apply(PgConfig pg) {
        awaitDatabase(pg);
        Flyway flyway = flyway(pg);
        MigrateResult result = flyway.migrate();
        String version = latestBundledVersion(pg);
        LOG.info("schema at version {} ({} migration(s) applied now)", version, result.migrationsExecuted);
        return version;
    }

    /** The newest migration version shipped in this build: readiness requires the database to be there. */
    public static String latestBundledVersion(PgConfig pg) {
        MigrationInfo[] all = flyway(pg).info().all();
        if (all.length == 0) {
            throw new IllegalStateException("no migrations on the class path under db/migration");
        }
        return all[all.length - 1].getVersion().getVersion();
    }

    private static Flyway flyway(PgConfig pg) {
        return Flyway.configure()
                .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .connectRetries(0)
                .load();
    }

    private static void awaitDatabase(PgConfig pg) {
        Instant giveUp = Instant.now().plus(pg.startupTimeout());
        SQLException last;
        do {
            try (Connection ignored = DriverManager.getConnection(pg.jdbcUrl() + "?connectTimeout="
                    + Math.max(1, pg.connectTimeout().toSeconds()), pg.user(), pg.password())) {
                return;
            } catch (SQLException e) {
                last = e;
                LOG.warn("PostgreSQL at {}:{} not reachable yet: {}", pg.host(), pg.port(), e.getMessage());
                sleep(Duration.ofMillis(500));
            }
        } while (Instant.now().isBefore(giveUp));
        throw new IllegalStateException("cannot reach PostgreSQL at " + pg.host() + ":" + pg.port() + "/" + pg.database()
                + " as " + pg.user() + " within " + pg.startupTimeout().toSeconds() + " s: " + last.getMessage(), last);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
