package io.aisle.contracts.api;

/** Why a store's breaker is not {@link BreakerState#CLOSED}. */
public enum HealthReason {
    FAILURE_RATE,
    SLOW_CALLS,
    MANUAL_PAUSE,
    CLOSED_HOURS
}
