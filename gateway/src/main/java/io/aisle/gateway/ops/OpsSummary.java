package io.aisle.gateway.ops;

import io.aisle.contracts.api.BreakerState;
import io.aisle.contracts.api.HealthReason;
import io.aisle.contracts.api.OrderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the ops page shows, as {@code GET /ops/api/summary} answers it. A part that could not be read
 * (PostgreSQL or Redis away) is null and named in {@code unavailable}; the rest is still shown.
 */
public record OpsSummary(Instant at, Orders orders, List<ChainHealth> chains, CityGrid grid, List<UnhealthyStore> unhealthyStores,
                         int unhealthyTotal, List<PausedStore> pausedStores, int pausedTotal, DeadRows deadOutbox,
                         List<String> unavailable) {

    /** Orders by status: in flight now (not yet ended), and those that reached a status lately and in all. */
    public record Orders(Map<OrderStatus, Long> inFlight, Map<OrderStatus, Long> lastFiveMinutes, Map<OrderStatus, Long> lastHour,
                         Map<OrderStatus, Long> total) {
    }

    /** A chain's stores by breaker state, and how many are out of service for each reason. */
    public record ChainHealth(String chainId, int stores, int closed, int open, int halfOpen, int paused, int closedHours,
                              Map<HealthReason, Integer> reasons) {
    }

    /** A store whose breaker is open or half open: why, since when, where. */
    public record UnhealthyStore(String storeId, String chainId, String name, BreakerState state, HealthReason reason, Instant since,
                                 Double failureRate, Double slowCallRate, double lat, double lon, int row, int col) {
    }

    /** A store an operator took out of service. */
    public record PausedStore(String storeId, String chainId, String name, String reason, Instant since) {
    }

    /** Outbox rows given up: how many, and the latest. */
    public record DeadRows(long total, List<DeadRow> recent) {
    }

    /** An outbox row given up (DEAD): what it was for and why it failed last. */
    public record DeadRow(long id, String topic, String aggregateId, int attempts, String lastError, Instant createdAt) {
    }
}
