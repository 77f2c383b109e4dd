package io.aisle.adapters.dispatch;

/**
 * Why a rider event callback was refused. The gateway answers with {@link Reason#httpStatus()} as a
 * problem; the message says why, for the problem's detail and the log. Carries no stack trace: a
 * refused callback is an expected outcome.
 */
public final class RiderEventRejected extends RuntimeException {

    public enum Reason {
        /** Missing, wrong or stale signature headers. */
        UNAUTHENTICATED(401),
        /** The nonce was already used within the tolerance window. */
        REPLAYED(409),
        /** Authentic, but the body is not a RiderEvent. */
        MALFORMED(400),
        /** The nonce store could not be reached: the sender should retry later. */
        UNAVAILABLE(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    public RiderEventRejected(Reason reason, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
    }

    public RiderEventRejected(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }
}
