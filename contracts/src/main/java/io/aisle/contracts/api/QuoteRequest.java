package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.util.List;

/** {@code POST /v1/quotes}: what a household wants delivered where. */
public record QuoteRequest(GeoPoint deliveryAddress, List<BasketLine> lines, Integer maxStores) {

    public QuoteRequest {
        Checks.requireNonNull(deliveryAddress, "deliveryAddress");
        lines = Basket.lines(lines);
        maxStores = Basket.maxStores(maxStores);
    }
}
