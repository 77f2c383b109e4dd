package io.aisle.gateway.order.model;

import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.UnfilledLine;
import java.util.List;

/** Part of the basket cannot be supplied, and the customer does not accept a partial order. */
public final class BasketPartlyUnavailable extends OrderRejected {

    public BasketPartlyUnavailable(String orderId, OrderRequest request, List<UnfilledLine> unfilled, List<StoreReport> stores) {
        super(orderId, "part of the basket cannot be supplied and acceptPartial is false", request, unfilled, stores);
    }
}
