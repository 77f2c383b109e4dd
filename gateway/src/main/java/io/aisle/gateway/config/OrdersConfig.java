package io.aisle.gateway.config;

import java.time.Duration;

/**
 * The order saga: how long stock is held at a store, how long one instance owns a saga step before
 * recovery may take it over, and how often recovery looks.
 */
public record OrdersConfig(Duration holdFor, Duration lease, Duration recoveryPeriod) {

    public OrdersConfig {
        Settings.require(holdFor != null && holdFor.toSeconds() >= 10, "orders.holdForMs must be at least 10000");
        Settings.require(lease != null && lease.toMillis() >= 100, "orders.leaseMs must be at least 100");
        Settings.require(recoveryPeriod != null && recoveryPeriod.toMillis() >= 50, "orders.recoveryPeriodMs must be at least 50");
    }
}
