package io.aisle.contracts.api;

/**
 * A change of an order that is not a change of its status, told as a timeline entry (and event) that keeps the
 * status. RESOURCED: units a store picked short are held at another store, as a new leg of the order; RESOURCE_FAILED:
 * no other nearby store had them, they are refunded.
 */
public enum OrderChange {
    RESOURCED,
    RESOURCE_FAILED
}
