package io.aisle.adapters.pushonly;

import io.aisle.contracts.value.Checks;

/**
 * Why a push-only chain's callback (stock push, pick result, pick-list pull) was refused. The gateway
 * answers with {@link Reason#httpStatus()} as an RFC 9457 problem of type
 * {@code https://aisle.dev/problems/<slug>}; the message says why, for the problem's detail and the
 * log. Carries no stack trace: a refused callback is an expected outcome.
 */
public final class PushRejected extends RuntimeException {

    public enum Reason {
        /** Missing, wrong or stale signature headers, or a chain without a shared secret. */
        UNAUTHENTICATED(401, "bad-signature"),
        /** The nonce was already used within the tolerance window: sign again with a new nonce. */
        REPLAYED(409, "replayed-nonce"),
        /** Authentic, but the body is not JSON of the documented shape. */
        MALFORMED(400, "malformed-body"),
        /** Authentic JSON of the right shape whose values are invalid (bad GTIN, duplicate lines, asOf in the future, ...). */
        INVALID(422, "validation-failed"),
        /** The chain has no such store, or the store has no such pick list. */
        UNKNOWN(404, "not-found"),
        /** Redis (nonces, snapshots) could not be reached: the chain should retry later. */
        UNAVAILABLE(503, "unavailable");

        private final int httpStatus;
        private final String slug;

        Reason(int httpStatus, String slug) {
            this.httpStatus = httpStatus;
            this.slug = slug;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The problem type's last path segment. */
        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public PushRejected(Reason reason, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = Checks.requireNonNull(reason, "reason");
    }

    public PushRejected(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }
}
