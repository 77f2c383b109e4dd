package io.aisle.gateway.order.model;

import io.aisle.contracts.api.OrderStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which status may follow which. Everything that changes an order's status goes through here. */
public final class OrderLifecycle {

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            OrderStatus.RECEIVED, EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.FAILED, OrderStatus.CANCELLED),
            OrderStatus.CONFIRMED, EnumSet.of(OrderStatus.PICKING, OrderStatus.READY, OrderStatus.CANCELLED, OrderStatus.FAILED),
            OrderStatus.PICKING, EnumSet.of(OrderStatus.READY, OrderStatus.CANCELLED, OrderStatus.FAILED),
            OrderStatus.READY, EnumSet.of(OrderStatus.DISPATCHED, OrderStatus.CANCELLED, OrderStatus.FAILED),
            OrderStatus.DISPATCHED, EnumSet.of(OrderStatus.PICKED_UP, OrderStatus.READY, OrderStatus.CANCELLED, OrderStatus.FAILED),
            OrderStatus.PICKED_UP, EnumSet.of(OrderStatus.DELIVERED, OrderStatus.FAILED),
            OrderStatus.DELIVERED, EnumSet.noneOf(OrderStatus.class),
            OrderStatus.CANCELLED, EnumSet.noneOf(OrderStatus.class),
            OrderStatus.REJECTED, EnumSet.noneOf(OrderStatus.class),
            OrderStatus.FAILED, EnumSet.noneOf(OrderStatus.class));

    private OrderLifecycle() {
    }

    public static boolean canMove(OrderStatus from, OrderStatus to) {
        return NEXT.get(from).contains(to);
    }

    /** The statuses an order may move to {@code to} from. */
    public static Set<OrderStatus> before(OrderStatus to) {
        Set<OrderStatus> from = EnumSet.noneOf(OrderStatus.class);
        NEXT.forEach((status, next) -> {
            if (next.contains(to)) {
                from.add(status);
            }
        });
        return from;
    }

    /** A customer may cancel until a rider has the bags. */
    public static boolean cancellable(OrderStatus status) {
        return canMove(status, OrderStatus.CANCELLED);
    }
}
