package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;

/** One line of the per-store report of a quote: every candidate store appears exactly once. */
public record StoreReport(String storeId, StoreOutcome outcome, long latencyMs, String detail) {

    public StoreReport {
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(outcome, "outcome");
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative");
        }
    }

    public StoreReport(String storeId, StoreOutcome outcome, long latencyMs) {
        this(storeId, outcome, latencyMs, null);
    }
}
