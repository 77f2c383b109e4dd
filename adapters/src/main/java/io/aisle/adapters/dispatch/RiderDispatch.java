package io.aisle.adapters.dispatch;

import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.Trip;
import io.aisle.contracts.dispatch.TripRequest;
import io.vertx.core.Future;

/**
 * The super-app's rider dispatch, as the gateway uses it: hand over a delivery trip, look it up,
 * cancel it, tell it the bags of a trip requested ahead are ready. What happens to the trip afterwards comes back as signed rider events (see
 * {@link RiderEventReceiver}). Every method is non-blocking and applies its own call timeout but no
 * retries; a failed future always carries a {@link PartnerFailure} of chain
 * {@value HttpRiderDispatchClient#PARTNER_ID} without a store.
 */
public interface RiderDispatch {

    /**
     * Hands a trip to dispatch. Idempotent by trip id: sending the same trip again returns the trip
     * dispatch already has. Fails REJECTED when the trip id is already taken by a different trip.
     */
    Future<Trip> createTrip(TripRequest request);

    /** Dispatch's current view of a trip. Fails REJECTED for a trip dispatch does not know. */
    Future<Trip> trip(String tripId);

    /**
     * Cancels a trip that has not been picked up yet; cancelling a cancelled trip succeeds again.
     * Fails REJECTED once a rider has picked up any of its parcels, or when the trip is finished.
     */
    Future<Trip> cancelTrip(String tripId, String reason);

    /**
     * Tells dispatch that the bags of a trip requested ahead ({@code readyNotice} pickups) are ready, so that a rider
     * waiting there picks them up. Idempotent; a notice for a finished trip succeeds and changes nothing. Fails
     * REJECTED for a trip dispatch does not know.
     */
    Future<Trip> bagsReady(String tripId, BagsReady notice);

    /** Frees the client's connections. */
    Future<Void> close();
}
