package io.aisle.gateway.dispatch;

import io.aisle.adapters.dispatch.RiderDispatch;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.gateway.outbox.OutboxHandler;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.outbox.Undeliverable;
import io.vertx.core.Future;

/** Topic {@value DispatchService#TRIP_TOPIC}: asks rider dispatch for the trip (idempotent by trip id). */
public final class TripSender implements OutboxHandler {

    private final RiderDispatch riders;

    public TripSender(RiderDispatch riders) {
        this.riders = riders;
    }

    @Override
    public Future<Void> handle(OutboxMessage message) {
        TripRequest trip;
        try {
            trip = Json.mapper().readValue(message.payload().getJsonObject("trip").encode(), TripRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return Future.failedFuture(new Undeliverable("unreadable trip: " + e.getMessage()));
        }
        return riders.createTrip(trip).<Void>mapEmpty().recover(failure ->
                failure instanceof PartnerFailure pf && pf.kind() == PartnerFailure.Kind.REJECTED
                        ? Future.failedFuture(new Undeliverable("rider dispatch refused trip " + trip.tripId() + ": " + pf.getMessage()))
                        : Future.failedFuture(failure));
    }
}
