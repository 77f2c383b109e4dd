package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * A store's breaker as {@code GET /v1/admin/stores/{storeId}/health} answers it. {@code reason} is
 * null exactly when the state is CLOSED. The rates are percentages over the breaker's current
 * window, null while the window has too few calls to say.
 */
public record StoreHealth(
        String storeId,
        BreakerState state,
        HealthReason reason,
        Instant since,
        Double failureRate,
        Double slowCallRate) {

    public StoreHealth {
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(state, "state");
        Checks.requireNonNull(since, "since");
        if (state == BreakerState.CLOSED && reason != null) {
            throw new IllegalArgumentException("a CLOSED breaker has no reason, got " + reason);
        }
        if (state != BreakerState.CLOSED && reason == null) {
            throw new IllegalArgumentException("reason is required when the state is " + state);
        }
        requirePercentage(failureRate, "failureRate");
        requirePercentage(slowCallRate, "slowCallRate");
    }

    /** A healthy store whose breaker has been closed since {@code since}. */
    public static StoreHealth closed(String storeId, Instant since, Double failureRate, Double slowCallRate) {
        return new StoreHealth(storeId, BreakerState.CLOSED, null, since, failureRate, slowCallRate);
    }

    private static void requirePercentage(Double rate, String field) {
        if (rate != null && (rate.isNaN() || rate < 0 || rate > 100)) {
            throw new IllegalArgumentException(field + " must be a percentage within [0, 100], got " + rate);
        }
    }
}
