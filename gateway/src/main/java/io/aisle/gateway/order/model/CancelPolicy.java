package io.aisle.gateway.order.model;

import io.aisle.contracts.api.OrderStatus;
import java.util.Set;

/**
 * When a customer may cancel, and what a cancellation asks of the stores. A customer may cancel
 * until a rider has the bags; cancelling a cancelled order changes nothing; an order that was never
 * placed cannot be cancelled. Stores that hold stock for the order, pick it or have it ready are
 * told to cancel; legs that were only planned or already released need nothing from the store.
 */
public final class CancelPolicy {

    /** What a cancel request does to an order that may be cancelled. */
    public enum Decision {
        /** Cancel it now: release its holds, tell its stores, tell the client. */
        CANCEL,
        /** It is cancelled already: answer as it is. */
        ALREADY_CANCELLED
    }

    private static final Set<String> LEGS_A_STORE_WORKS_ON = Set.of("HELD", "PICKING", "READY");

    private CancelPolicy() {
    }

    /** The decision for an order in {@code status}; fails with {@link TooLateToCancel} or {@link OrderClosed} when it may not be cancelled. */
    public static Decision decide(String orderId, OrderStatus status) {
        if (status == OrderStatus.CANCELLED) {
            return Decision.ALREADY_CANCELLED;
        }
        if (status == OrderStatus.PICKED_UP || status == OrderStatus.DELIVERED) {
            throw new TooLateToCancel(orderId);
        }
        if (!OrderLifecycle.cancellable(status)) {
            throw new OrderClosed(orderId);
        }
        return Decision.CANCEL;
    }

    /** Whether the store of a leg in {@code legStatus} must be told the order is cancelled. */
    public static boolean storeMustCancel(String legStatus) {
        return LEGS_A_STORE_WORKS_ON.contains(legStatus);
    }
}
