package io.aisle.gateway.store;

/** A store found near an address, with its distance from it. */
public record NearbyStore(Store store, double distanceKm) {
}
