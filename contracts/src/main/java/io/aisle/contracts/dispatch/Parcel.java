package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;

/** The bags of one order collected at one pickup. */
public record Parcel(String orderId, int bags, int weightGrams) {

    public Parcel {
        Checks.requireId(orderId, "orderId");
        Checks.requirePositive(bags, "bags");
        Checks.requirePositive(weightGrams, "weightGrams");
    }
}
