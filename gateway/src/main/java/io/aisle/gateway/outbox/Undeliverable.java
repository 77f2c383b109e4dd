package io.aisle.gateway.outbox;

/**
 * A handler's verdict that a message can never be sent (its payload is malformed, its receiver no
 * longer exists): the relay marks the row DEAD at once instead of retrying it.
 */
public final class Undeliverable extends RuntimeException {

    public Undeliverable(String message) {
        super(message, null, false, false);
    }
}
