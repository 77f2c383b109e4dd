package io.aisle.gateway.order;

/**
 * An order request whose Idempotency-Key the client used before in a way that cannot be answered
 * with the first answer. Carries no stack trace: it is an answer to the client, not a fault.
 */
public abstract sealed class IdempotencyKeyConflict extends RuntimeException
        permits IdempotencyKeyConflict.Reused, IdempotencyKeyConflict.InUse {

    private IdempotencyKeyConflict(String message) {
        super(message, null, false, false);
    }

    /** The key was first used with a different request body, for order {@link #orderId()}. */
    public static final class Reused extends IdempotencyKeyConflict {

        private final String orderId;

        public Reused(String orderId) {
            super("this Idempotency-Key was first used with a different request body (order " + orderId + ")");
            this.orderId = orderId;
        }

        public String orderId() {
            return orderId;
        }
    }

    /** The first request with the key is still being processed; a retry shortly gets its answer. */
    public static final class InUse extends IdempotencyKeyConflict {

        public InUse() {
            super("the first request with this Idempotency-Key is still being processed; retry to get its answer");
        }
    }
}
