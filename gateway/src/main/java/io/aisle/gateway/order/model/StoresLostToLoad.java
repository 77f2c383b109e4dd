package io.aisle.gateway.order.model;

import java.util.List;

/**
 * The order cannot be decided now: its plan would leave units unfilled, and stores near the address
 * were not heard from because of load (their chain's quota or bulkhead was spent, the deadline passed
 * before they could be asked, or this instance was too slow to wait for them). What they would have
 * offered is unknown, so the order is neither rejected for want of stock nor placed short: nothing is
 * stored, and the client is told to retry shortly with the same idempotency key.
 */
public final class StoresLostToLoad extends OrderFailure {

    private final List<String> stores;

    public StoresLostToLoad(List<String> stores) {
        super(null, stores.size() + " store(s) near the address could not be asked in time because of load ("
                + String.join(", ", stores.subList(0, Math.min(5, stores.size()))) + (stores.size() > 5 ? ", ..." : "")
                + "); nothing was stored, retry shortly with the same Idempotency-Key");
        this.stores = List.copyOf(stores);
    }

    /** The stores not heard from. */
    public List<String> stores() {
        return stores;
    }
}
