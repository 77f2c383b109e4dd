package io.aisle.contracts.dispatch;

public enum TripStatus {
    REQUESTED,
    ASSIGNED,
    PICKED_UP,
    DELIVERED,
    FAILED,
    CANCELLED
}
