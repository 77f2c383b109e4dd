package io.aisle.adapters.callback;

import io.aisle.contracts.value.Checks;

/**
 * Why a signed callback (a chain's stock push, pick result or pick-list pull, a rider event) was
 * refused. The gateway answers with {@link Reason#httpStatus()} as an RFC 9457 problem; the message
 * says why, for the problem's detail and the log. Carries no stack trace: a refused callback is an
 * expected outcome.
 */
public final class CallbackRejected extends RuntimeException {

    public enum Reason {
        /** Missing, wrong or stale signature headers, or a sender without a shared secret. */
        UNAUTHENTICATED(401, "bad-signature"),
        /** The nonce was already used within the tolerance window: sign again with a new nonce. */
        REPLAYED(409, "replayed-nonce"),
        /** Authentic, but the body is not JSON of the documented shape. */
        MALFORMED(400, "malformed-request"),
        /** Authentic JSON of the right shape whose values are invalid (bad GTIN, duplicate lines, asOf in the future, ...). */
        INVALID(422, "validation-failed"),
        /** The chain has no such store, or the store has no such pick list. */
        UNKNOWN(404, "not-found"),
        /** Redis (nonces, snapshots) could not be reached: the sender should retry later. */
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

    public CallbackRejected(Reason reason, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = Checks.requireNonNull(reason, "reason");
    }

    public CallbackRejected(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The first line of a parser's message, for a refusal's detail. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
