package io.aisle.gateway.config;

import java.time.Duration;

/** PostgreSQL: where it is, who we are, how many connections we may hold. */
public record PgConfig(
        String host,
        int port,
        String database,
        String user,
        String password,
        int poolSize,
        Duration connectTimeout,
        Duration startupTimeout) {

    public PgConfig {
        Settings.require(host != null && !host.isBlank(), "postgres.host is required");
        Settings.require(port > 0 && port <= 65535, "postgres.port must be within [1, 65535], got " + port);
        Settings.require(database != null && !database.isBlank(), "postgres.database is required");
        Settings.require(user != null && !user.isBlank(), "postgres.user is required");
        Settings.require(poolSize >= 1 && poolSize <= 200, "postgres.poolSize must be within [1, 200], got " + poolSize);
        Settings.require(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
                "postgres.connectTimeoutMs must be positive");
        Settings.require(startupTimeout != null && !startupTimeout.isNegative(), "postgres.startupTimeoutMs must not be negative");
        if (password == null) {
            password = "";
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public PgConfig withDatabase(String newDatabase) {
        return new PgConfig(host, port, newDatabase, user, password, poolSize, connectTimeout, startupTimeout);
    }

    @Override
    public String toString() {
        return "PgConfig[" + user + "@" + host + ":" + port + "/" + database + ", poolSize=" + poolSize + "]";
    }
}
