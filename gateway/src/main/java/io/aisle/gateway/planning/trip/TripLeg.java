package io.aisle.gateway.planning.trip;

import io.aisle.contracts.value.Checks;

/** One order leg on a trip: the order and the store its bags come from. */
public record TripLeg(String orderId, String storeId) implements Comparable<TripLeg> {

    public TripLeg {
        Checks.requireId(orderId, "orderId");
        Checks.requireText(storeId, "storeId");
    }

    @Override
    public int compareTo(TripLeg other) {
        int byOrder = orderId.compareTo(other.orderId);
        return byOrder != 0 ? byOrder : storeId.compareTo(other.storeId);
    }
}
