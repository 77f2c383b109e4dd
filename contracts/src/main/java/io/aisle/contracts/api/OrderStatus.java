package io.aisle.contracts.api;

/** The life of an order as the super-app sees it. */
public enum OrderStatus {
    RECEIVED,
    CONFIRMED,
    PICKING,
    READY,
    DISPATCHED,
    PICKED_UP,
    DELIVERED,
    CANCELLED,
    REJECTED,
    FAILED;

    public boolean isTerminal() {
        return this == DELIVERED || this == CANCELLED || this == REJECTED || this == FAILED;
    }
}
