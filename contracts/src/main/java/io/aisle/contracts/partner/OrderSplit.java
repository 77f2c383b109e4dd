package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;

/** How many units of a pick line go into one order's bags. */
public record OrderSplit(String orderId, int quantity) {

    public OrderSplit {
        Checks.requireId(orderId, "orderId");
        Checks.requirePositive(quantity, "quantity");
    }
}
