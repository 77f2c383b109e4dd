package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;

/** Why an operator or a client changes something: pausing or resuming a store, cancelling an order. */
public record ChangeReason(String reason) {

    public static final int MAX_LENGTH = 500;

    public ChangeReason {
        Checks.requireText(reason, "reason");
        if (reason.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("reason allows at most " + MAX_LENGTH + " characters");
        }
    }
}
