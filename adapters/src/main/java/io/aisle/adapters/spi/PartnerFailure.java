package io.aisle.adapters.spi;

import java.time.Duration;

/**
 * A typed failure of a partner call, so the gateway can report and count it. Adapters fail their
 * futures with this and nothing else. Carries no stack trace: it is an expected outcome, not a bug.
 */
public final class PartnerFailure extends RuntimeException {

    /** What went wrong, as the gateway reports and counts it. */
    public enum Kind {
        /** No (complete) answer within the call timeout. */
        TIMEOUT,
        /** The partner understood and refused: out of stock, unknown hold, invalid request. */
        REJECTED,
        /** Connection refused or reset, 5xx, or the partner says it is down. */
        UNAVAILABLE,
        /** The partner's quota is exhausted (429 or its own code). */
        RATE_LIMITED,
        /** The answer could not be understood: not the documented shape, wrong types, garbage. */
        MALFORMED
    }

    private final Kind kind;
    private final String chainId;
    private final String storeId;
    private final Duration retryAfter;

    public PartnerFailure(Kind kind, String chainId, String storeId, String detail, Duration retryAfter, Throwable cause) {
        super(kind + " at " + (storeId != null ? "store " + storeId : "chain " + chainId) + ": " + detail, cause, false, false);
        this.kind = kind;
        this.chainId = chainId;
        this.storeId = storeId;
        this.retryAfter = retryAfter;
    }

    public PartnerFailure(Kind kind, StoreRef store, String detail) {
        this(kind, store.chainId(), store.storeId(), detail, null, null);
    }

    public PartnerFailure(Kind kind, StoreRef store, String detail, Throwable cause) {
        this(kind, store.chainId(), store.storeId(), detail, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String chainId() {
        return chainId;
    }

    public String storeId() {
        return storeId;
    }

    /** How long the partner asked us to wait, when it said so. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
