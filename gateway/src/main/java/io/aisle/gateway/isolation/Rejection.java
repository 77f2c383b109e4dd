package io.aisle.gateway.isolation;

/**
 * A call Aisle chose not to make, to protect a store, a chain or itself. Cheap (no stack trace):
 * a rejection is an ordinary outcome, reported per store.
 */
public final class Rejection extends RuntimeException {

    /** Why the call was not made. */
    public enum Reason {
        /** The store's circuit breaker is open (or half-open with no probe slot free). */
        CIRCUIT_OPEN,
        /** The chain's rate limiter has no permit left in this period. */
        RATE_LIMITED,
        /** The chain's bulkhead is at its concurrency limit. */
        BULKHEAD_FULL
    }

    private final Reason reason;
    private final String storeId;

    public Rejection(Reason reason, String storeId) {
        super(reason + " for store " + storeId, null, false, false);
        this.reason = reason;
        this.storeId = storeId;
    }

    public Reason reason() {
        return reason;
    }

    public String storeId() {
        return storeId;
    }
}
