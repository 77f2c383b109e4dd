package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** Units of a requested product no store could supply, and why: the name of an {@link UnfilledReason}. */
public record UnfilledLine(Gtin gtin, int quantity, String reason) {

    public UnfilledLine {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requirePositive(quantity, "quantity");
        Checks.requireText(reason, "reason");
        try {
            UnfilledReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reason must be one of " + java.util.Arrays.toString(UnfilledReason.values()) + ", got " + reason);
        }
    }
}
