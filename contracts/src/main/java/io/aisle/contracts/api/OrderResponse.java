package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;
import java.util.List;

/**
 * An order as the super-app sees it: status, plan, per-store report and (on GET) its timeline, its
 * drop-off instructions, the handoff code the household tells the rider, once delivered how the
 * bags were handed over, and what becomes of units picked short ({@code shortages}).
 */
public record OrderResponse(
        String orderId,
        OrderStatus status,
        String customerRef,
        List<Leg> legs,
        List<UnfilledLine> unfilled,
        Money total,
        List<StoreReport> stores,
        List<Transition> timeline,
        Dropoff dropoff,
        String handoffCode,
        Handoff handoff,
        ShortagePolicy shortages) {

    /** An order without drop-off instructions, handoff code or handoff. */
    public OrderResponse(String orderId, OrderStatus status, String customerRef, List<Leg> legs, List<UnfilledLine> unfilled,
                         Money total, List<StoreReport> stores, List<Transition> timeline) {
        this(orderId, status, customerRef, legs, unfilled, total, stores, timeline, null, null, null, null);
    }

    /** An order without its shortage policy (as the answer to its placement is built before it is completed). */
    public OrderResponse(String orderId, OrderStatus status, String customerRef, List<Leg> legs, List<UnfilledLine> unfilled,
                         Money total, List<StoreReport> stores, List<Transition> timeline, Dropoff dropoff, String handoffCode,
                         Handoff handoff) {
        this(orderId, status, customerRef, legs, unfilled, total, stores, timeline, dropoff, handoffCode, handoff, null);
    }

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
