package io.aisle.gateway.dispatch;

import io.aisle.adapters.dispatch.RiderDispatch;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.gateway.outbox.OutboxHandler;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.outbox.Undeliverable;
import io.vertx.core.Future;

/**
 * Topic {@value DispatchService#TRIP_TOPIC}, one aggregate per trip: asks rider dispatch for the trip (payload
 * {@code trip}, idempotent by trip id), tells it when bags of a trip requested ahead are ready (payload
 * {@code tripId} and {@code ready}, a BagsReady notice), and cancels a trip withdrawn before any pickup (payload
 * {@code tripId} and {@code cancel} with its {@code reason}). A notice is sent after its trip's request, never before (the
 * relay sends the rows of one aggregate in order); one that rider dispatch refuses is tried again like any failure, and
 * given up after the relay's attempts.
 */
public final class TripSender implements OutboxHandler {

    private final RiderDispatch riders;

    public TripSender(RiderDispatch riders) {
        this.riders = riders;
    }

    @Override
    public Future<Void> handle(OutboxMessage message) {
        if (message.payload().containsKey("ready")) {
            return sendReady(message);
        }
        if (message.payload().containsKey("cancel")) {
            String tripId = message.payload().getString("tripId");
            return riders.cancelTrip(tripId, message.payload().getJsonObject("cancel").getString("reason")).<Void>mapEmpty()
                    .recover(failure -> failure instanceof PartnerFailure pf && pf.kind() == PartnerFailure.Kind.REJECTED
                            ? Future.failedFuture(new Undeliverable("rider dispatch refused to cancel trip " + tripId + ": "
                            + pf.getMessage()))
                            : Future.failedFuture(failure));
        }
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

    private Future<Void> sendReady(OutboxMessage message) {
        String tripId = message.payload().getString("tripId");
        BagsReady notice;
        try {
            notice = Json.mapper().readValue(message.payload().getJsonObject("ready").encode(), BagsReady.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return Future.failedFuture(new Undeliverable("unreadable ready notice: " + e.getMessage()));
        }
        return riders.bagsReady(tripId, notice).mapEmpty();
    }
}
