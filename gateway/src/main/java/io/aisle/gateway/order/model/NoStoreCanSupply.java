package io.aisle.gateway.order.model;

import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.UnfilledLine;
import java.util.List;

/** No store near the delivery address has any of the basket. */
public final class NoStoreCanSupply extends OrderRejected {

    public NoStoreCanSupply(String orderId, OrderRequest request, List<UnfilledLine> unfilled, List<StoreReport> stores) {
        super(orderId, "no store near the address can supply the basket", request, unfilled, stores);
    }
}
