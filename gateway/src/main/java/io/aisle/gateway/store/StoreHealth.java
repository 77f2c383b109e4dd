package io.aisle.gateway.store;

import java.time.Instant;

/**
 * Whether a store is being called, and why not: {@code state} CLOSED (calls flow), OPEN (skipped)
 * or HALF_OPEN (probing); {@code reason} FAILURE_RATE, SLOW_CALLS, MANUAL_PAUSE, CLOSED_HOURS or null.
 * Rates are percentages over the breaker's window, null until it has seen enough calls.
 */
public record StoreHealth(String storeId, String chainId, String state, String reason, Instant since,
                          Float failureRate, Float slowCallRate, String pauseNote) {
}
