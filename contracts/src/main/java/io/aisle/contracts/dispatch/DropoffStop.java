package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;

/** Where one order is delivered, and how. */
public record DropoffStop(String orderId, GeoPoint location, boolean contactless, String instructions) {

    public DropoffStop {
        Checks.requireId(orderId, "orderId");
        Checks.requireNonNull(location, "location");
        if (instructions != null && instructions.length() > 500) {
            throw new IllegalArgumentException("instructions allows at most 500 characters");
        }
    }
}
