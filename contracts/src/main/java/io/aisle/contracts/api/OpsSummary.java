package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the ops page shows, as {@code GET /ops/api/summary} answers it. A part that could not be read
 * (PostgreSQL or Redis away) is null and named in {@code unavailable}; the rest is still shown.
 * Its schema is {@code OpsSummary} in the super-app document, each nested record's
 * {@code OpsSummary.<Name>}.
 */
public record OpsSummary(Instant at, Orders orders, List<ChainHealth> chains, Grid grid, List<UnhealthyStore> unhealthyStores,
                         int unhealthyTotal, List<PausedStore> pausedStores, int pausedTotal, DeadRows deadOutbox,
                         List<String> unavailable) {

    public OpsSummary {
        Checks.requireNonNull(at, "at");
        Checks.requireNonNull(orders, "orders");
        Checks.requireNonNegative(unhealthyTotal, "unhealthyTotal");
        Checks.requireNonNegative(pausedTotal, "pausedTotal");
        chains = chains == null ? null : List.copyOf(chains);
        unhealthyStores = unhealthyStores == null ? null : List.copyOf(unhealthyStores);
        pausedStores = pausedStores == null ? null : List.copyOf(pausedStores);
        unavailable = Checks.copyOrEmpty(unavailable, "unavailable");
    }

    /** Orders by status: in flight now (not yet ended), and those that reached a status lately and in all. */
    public record Orders(Map<OrderStatus, Long> inFlight, Map<OrderStatus, Long> lastFiveMinutes, Map<OrderStatus, Long> lastHour,
                         Map<OrderStatus, Long> total) {
    }

    /** A chain's stores by breaker state, and how many are out of service for each reason. */
    public record ChainHealth(String chainId, int stores, int closed, int open, int halfOpen, int paused, int closedHours,
                              Map<HealthReason, Integer> reasons) {

        public ChainHealth {
            Checks.requireText(chainId, "chainId");
            reasons = reasons == null ? Map.of() : reasons;
        }
    }

    /**
     * The city as a grid of square cells over the stores' extent, row 0 to the north, column 0 to the
     * west; only cells that hold a store are listed.
     */
    public record Grid(double minLat, double maxLat, double minLon, double maxLon, int rows, int cols, List<GridCell> cells) {

        public Grid {
            cells = Checks.copyOrEmpty(cells, "cells");
        }
    }

    /** A cell of the grid: how many stores it holds, and how many of them are open, half open or forced open. */
    public record GridCell(int row, int col, int stores, int open, int halfOpen, int forcedOpen) {
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

        public DeadRows {
            recent = Checks.copyOrEmpty(recent, "recent");
        }
    }

    /** An outbox row given up (DEAD): what it was for and why it failed last. */
    public record DeadRow(long id, String topic, String aggregateId, int attempts, String lastError, Instant createdAt) {
    }
}
