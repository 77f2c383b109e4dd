package io.aisle.contracts.dispatch;

public enum RiderEventType {
    ASSIGNED,
    ARRIVED_AT_PICKUP,
    PICKED_UP,
    DELIVERED,
    FAILED,
    CANCELLED
}
