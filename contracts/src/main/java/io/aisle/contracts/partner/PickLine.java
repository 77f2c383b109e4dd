package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.util.List;

/** One product to pick for a wave: the total, where it is, and the per-order split for bagging. */
public record PickLine(Gtin gtin, int quantity, String zone, String aisle, List<OrderSplit> orders) {

    public PickLine {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requirePositive(quantity, "quantity");
        orders = Checks.requireNonEmpty(orders, "orders");
        int sum = orders.stream().mapToInt(OrderSplit::quantity).sum();
        if (sum != quantity) {
            throw new IllegalArgumentException("quantity of " + gtin + " must equal the sum of its order splits (" + sum + ")");
        }
    }
}
