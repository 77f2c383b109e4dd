package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.util.List;

/**
 * {@code POST /v1/orders}: the quote body plus who orders, whether a partial basket is acceptable, and what becomes of
 * units a store picks short ({@code shortages}, REFUND when not given).
 */
public record OrderRequest(
        GeoPoint deliveryAddress,
        List<BasketLine> lines,
        Integer maxStores,
        String customerRef,
        boolean acceptPartial,
        PriorityClass priority,
        Dropoff dropoff,
        ShortagePolicy shortages) {

    /** An order whose short units are refunded. */
    public OrderRequest(GeoPoint deliveryAddress, List<BasketLine> lines, Integer maxStores, String customerRef, boolean acceptPartial,
                        PriorityClass priority, Dropoff dropoff) {
        this(deliveryAddress, lines, maxStores, customerRef, acceptPartial, priority, dropoff, ShortagePolicy.REFUND);
    }

    public OrderRequest {
        Checks.requireNonNull(deliveryAddress, "deliveryAddress");
        lines = Basket.lines(lines);
        maxStores = Basket.maxStores(maxStores);
        Checks.requireText(customerRef, "customerRef");
        if (customerRef.length() > 128) {
            throw new IllegalArgumentException("customerRef allows at most 128 characters");
        }
        if (priority == null) {
            priority = PriorityClass.STANDARD;
        }
        if (shortages == null) {
            shortages = ShortagePolicy.REFUND;
        }
    }

    public QuoteRequest quote() {
        return new QuoteRequest(deliveryAddress, lines, maxStores);
    }
}
