package io.aisle.contracts.api;

/** A store's circuit breaker state, as operators and the store list see it. */
public enum BreakerState {
    /** Calls flow. */
    CLOSED,
    /** Failing: skipped without a call until a probe is due. */
    OPEN,
    /** A few probe calls decide whether the store is back. */
    HALF_OPEN,
    /** Out of service by decision: a manual pause or outside opening hours. */
    FORCED_OPEN
}
