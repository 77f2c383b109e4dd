package io.aisle.contracts.api;

/** What happened when a candidate store was asked (or not asked) for stock. */
public enum StoreOutcome {
    ANSWERED,
    CACHED,
    TIMED_OUT,
    CIRCUIT_OPEN,
    RATE_LIMITED,
    BULKHEAD_FULL,
    ERROR,
    CLOSED,
    PAUSED
}
