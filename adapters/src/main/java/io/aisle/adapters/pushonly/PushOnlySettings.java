package io.aisle.adapters.pushonly;

import io.aisle.contracts.value.Checks;
import java.time.Duration;

/**
 * How the gateway treats push-only chains. Every duration is positive.
 *
 * @param staleAfter          a snapshot older than this (by its {@code asOf}) no longer answers stock
 *                            queries or admits holds: the store is UNAVAILABLE until it pushes again
 * @param snapshotRetention   how long a store's snapshot (and its last push sequence) stays in Redis
 *                            after its last applied push; at least {@code staleAfter}
 * @param maxHoldDuration     the longest a soft hold may last
 * @param closedHoldRetention how long a released or expired soft hold is remembered, so that a
 *                            replayed hold request gets the hold as it stands instead of a new one
 * @param settleGrace         a snapshot settles the soft holds of orders whose pick list the chain
 *                            pulled at least this long before the snapshot's {@code asOf} (network
 *                            time and clock skew between the chain and the gateway)
 * @param pickListRetention   how long a submitted pick list is kept (for pulls and idempotent
 *                            submission); an open list older than this is dropped
 * @param maxOpenPickLists    open (not yet ready) pick lists a store may have; beyond that the chain
 *                            is not pulling and submissions fail UNAVAILABLE
 * @param maxPickListsPerPull pick lists one pull returns at most, oldest first
 * @param redisTimeout        the longest one Redis round trip may take
 */
public record PushOnlySettings(
        Duration staleAfter,
        Duration snapshotRetention,
        Duration maxHoldDuration,
        Duration closedHoldRetention,
        Duration settleGrace,
        Duration pickListRetention,
        int maxOpenPickLists,
        int maxPickListsPerPull,
        Duration redisTimeout) {

    public PushOnlySettings {
        requirePositive(staleAfter, "staleAfter");
        requirePositive(snapshotRetention, "snapshotRetention");
        requirePositive(maxHoldDuration, "maxHoldDuration");
        requirePositive(closedHoldRetention, "closedHoldRetention");
        requirePositive(settleGrace, "settleGrace");
        requirePositive(pickListRetention, "pickListRetention");
        requirePositive(redisTimeout, "redisTimeout");
        if (snapshotRetention.compareTo(staleAfter) < 0) {
            throw new IllegalArgumentException("snapshotRetention (" + snapshotRetention + ") must be at least staleAfter (" + staleAfter + ")");
        }
        Checks.requirePositive(maxOpenPickLists, "maxOpenPickLists");
        Checks.requirePositive(maxPickListsPerPull, "maxPickListsPerPull");
    }

    /**
     * Defaults for a chain that snapshots every 30 s: stale after three missed snapshots, holds of at
     * most 2 h remembered for 1 h after they end, pick lists kept a day, at most 1,000 open per store.
     */
    public static PushOnlySettings defaults() {
        return new PushOnlySettings(Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofHours(1),
                Duration.ofSeconds(5), Duration.ofHours(24), 1_000, 100, Duration.ofSeconds(1));
    }

    public PushOnlySettings withStaleAfter(Duration newStaleAfter) {
        Duration retention = snapshotRetention.compareTo(newStaleAfter) < 0 ? newStaleAfter : snapshotRetention;
        return new PushOnlySettings(newStaleAfter, retention, maxHoldDuration, closedHoldRetention, settleGrace, pickListRetention,
                maxOpenPickLists, maxPickListsPerPull, redisTimeout);
    }

    public PushOnlySettings withSettleGrace(Duration newGrace) {
        return new PushOnlySettings(staleAfter, snapshotRetention, maxHoldDuration, closedHoldRetention, newGrace, pickListRetention,
                maxOpenPickLists, maxPickListsPerPull, redisTimeout);
    }

    public PushOnlySettings withMaxOpenPickLists(int newMax) {
        return new PushOnlySettings(staleAfter, snapshotRetention, maxHoldDuration, closedHoldRetention, settleGrace, pickListRetention,
                newMax, maxPickListsPerPull, redisTimeout);
    }

    /** How long a store's soft-hold keys live after their last write: past the longest hold and its memory. */
    Duration holdStateTtl() {
        return maxHoldDuration.plus(closedHoldRetention).plusMinutes(5);
    }

    private static void requirePositive(Duration value, String field) {
        Checks.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
