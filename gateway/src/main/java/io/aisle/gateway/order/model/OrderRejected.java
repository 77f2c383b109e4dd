package io.aisle.gateway.order.model;

import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.UnfilledLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The saga could not place the order; the order is closed as {@link #status()}. Says why, which
 * lines of the request could not be supplied (when a plan was made) and what every store answered.
 */
public abstract sealed class OrderRejected extends OrderFailure permits NoStoreCanSupply, BasketPartlyUnavailable, NoPlanHeldItsStock {

    /** A line of the basket that cannot be supplied, with its index in the request's lines. */
    public record Unsupplied(int line, UnfilledLine unfilled) {
    }

    private final List<UnfilledLine> unfilled;
    private final List<Unsupplied> unsupplied;
    private final List<StoreReport> stores;

    /** {@code unfilled} is null when no plan was made. */
    protected OrderRejected(String orderId, String reason, OrderRequest request, List<UnfilledLine> unfilled, List<StoreReport> stores) {
        super(orderId, reason);
        this.unfilled = unfilled == null ? null : List.copyOf(unfilled);
        this.unsupplied = unfilled == null ? List.of() : lines(request, unfilled);
        this.stores = List.copyOf(stores);
    }

    /** The status the order is closed in. */
    public OrderStatus status() {
        return OrderStatus.REJECTED;
    }

    /** What the plan could not supply; null when no plan was made. */
    public List<UnfilledLine> unfilled() {
        return unfilled;
    }

    /** The unfilled lines, each with the index of the request line it belongs to. */
    public List<Unsupplied> unsupplied() {
        return unsupplied;
    }

    public List<StoreReport> stores() {
        return stores;
    }

    private static List<Unsupplied> lines(OrderRequest request, List<UnfilledLine> unfilled) {
        List<Unsupplied> lines = new ArrayList<>();
        for (UnfilledLine line : unfilled) {
            int index = 0;
            while (index < request.lines().size() && !request.lines().get(index).gtin().equals(line.gtin())) {
                index++;
            }
            lines.add(new Unsupplied(index, line));
        }
        return List.copyOf(lines);
    }
}
