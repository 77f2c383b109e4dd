package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;
import java.util.List;

/** An order as the super-app sees it: status, plan, per-store report and (on GET) its timeline. */
public record OrderResponse(
        String orderId,
        OrderStatus status,
        String customerRef,
        List<Leg> legs,
        List<UnfilledLine> unfilled,
        Money total,
        List<StoreReport> stores,
        List<Transition> timeline) {

    public OrderResponse {
        Checks.requireId(orderId, "orderId");
        Checks.requireNonNull(status, "status");
        legs = Checks.copyOrEmpty(legs, "legs");
        unfilled = Checks.copyOrEmpty(unfilled, "unfilled");
        Checks.requireNonNull(total, "total");
        stores = Checks.copyOrEmpty(stores, "stores");
        timeline = Checks.copyOrEmpty(timeline, "timeline");
    }
}
