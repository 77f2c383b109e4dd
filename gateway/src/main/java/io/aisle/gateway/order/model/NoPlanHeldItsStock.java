package io.aisle.gateway.order.model;

import io.aisle.contracts.api.StoreReport;
import java.util.List;

/** Every plan tried lost a hold at one of its stores, as many times as the saga re-plans. */
public final class NoPlanHeldItsStock extends OrderRejected {

    public NoPlanHeldItsStock(String orderId, int attempts, List<StoreReport> stores) {
        super(orderId, "no plan could hold its stock after " + attempts + " attempts", null, null, stores);
    }
}
