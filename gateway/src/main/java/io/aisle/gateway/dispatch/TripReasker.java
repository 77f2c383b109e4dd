package io.aisle.gateway.dispatch;

import io.aisle.adapters.dispatch.RiderDispatch;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.Trip;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-asks rider dispatch about trips that have gone quiet. Rider events are pushed to us and retried
 * by rider dispatch only for a while: one given up while the gateway was down (or while it refused
 * them) would leave its orders DISPATCHED or PICKED_UP for good. A live trip unchanged for
 * {@code quietFor} is read back ({@code GET /trips/{tripId}}) and what rider dispatch says of it is
 * applied as the events it implies, each under an id of its own so that it is applied once however
 * many instances ask, and the real event, should it still come, changes nothing. Rider dispatch
 * knowing nothing of the trip fails it, so its orders are dispatched again.
 */
public final class TripReasker {

    private static final Logger LOG = LoggerFactory.getLogger(TripReasker.class);
    /** Trips asked about per pass at most. */
    static final int BATCH = 50;

    private final Pool pg;
    private final TripStore trips;
    private final RiderDispatch riders;
    private final DispatchService dispatch;
    private final Clock clock;
    private final Duration quietFor;

    public TripReasker(Pool pg, TripStore trips, RiderDispatch riders, DispatchService dispatch, Clock clock, Duration quietFor) {
        this.pg = pg;
        this.trips = trips;
        this.riders = riders;
        this.dispatch = dispatch;
        this.clock = clock;
        this.quietFor = quietFor;
    }

    /**
     * One pass (the picking worker's, which runs one at a time): the quiet live trips asked about, one after the
     * other; the number asked. Never fails: what could not be asked is asked on a later pass.
     */
    public Future<Integer> runOnce() {
        return trips.quietLiveTrips(pg, clock.instant().minus(quietFor), BATCH).compose(ids -> {
            Future<Void> chain = Future.succeededFuture();
            for (String tripId : ids) {
                chain = chain.compose(ignored -> reask(tripId));
            }
            return chain.map(ids.size());
        }).recover(failure -> {
            LOG.warn("re-asking rider dispatch about quiet trips failed, will retry: {}", failure.toString());
            return Future.succeededFuture(0);
        });
    }

    private Future<Void> reask(String tripId) {
        return riders.trip(tripId).transform(asked -> {
            if (asked.failed()) {
                if (asked.cause() instanceof PartnerFailure failure && failure.kind() == PartnerFailure.Kind.REJECTED) {
                    LOG.warn("rider dispatch does not know trip {} ({}): failing it, its orders are dispatched again", tripId,
                            failure.getMessage());
                    return apply(List.of(event(tripId, RiderEventType.FAILED, null, "rider dispatch does not know the trip")));
                }
                // rider dispatch away or slow: the next pass asks again
                LOG.info("could not ask rider dispatch about quiet trip {}: {}", tripId, asked.cause().toString());
                return Future.succeededFuture();
            }
            return implied(asked.result()).compose(this::apply);
        }).compose(ignored -> trips.touch(pg, tripId));
    }

    /** The events rider dispatch's view of the trip implies. */
    private Future<List<RiderEvent>> implied(Trip trip) {
        String tripId = trip.tripId();
        return switch (trip.status()) {
            case REQUESTED -> Future.succeededFuture(List.of());
            // which pickups were made is not in the view: the pickup's own event, or the delivery, tells
            case ASSIGNED, PICKED_UP -> Future.succeededFuture(List.of(assigned(trip)));
            case DELIVERED -> trips.ordersOf(pg, tripId).map(onTrip -> {
                List<RiderEvent> events = new ArrayList<>();
                events.add(assigned(trip));
                for (TripStore.TripOrder order : onTrip) {
                    events.add(new RiderEvent(id(tripId, RiderEventType.DELIVERED) + ":" + order.orderId(), tripId,
                            RiderEventType.DELIVERED, clock.instant(), trip.riderId(), null, order.orderId(), null));
                }
                return events;
            });
            case FAILED -> Future.succeededFuture(List.of(event(tripId, RiderEventType.FAILED, trip.riderId(),
                    "rider dispatch reports the trip failed")));
            case CANCELLED -> Future.succeededFuture(List.of(event(tripId, RiderEventType.CANCELLED, trip.riderId(),
                    "rider dispatch reports the trip cancelled")));
        };
    }

    private RiderEvent assigned(Trip trip) {
        return new RiderEvent(id(trip.tripId(), RiderEventType.ASSIGNED), trip.tripId(), RiderEventType.ASSIGNED, clock.instant(),
                trip.riderId(), null, null, null);
    }

    private RiderEvent event(String tripId, RiderEventType type, String riderId, String reason) {
        return new RiderEvent(id(tripId, type), tripId, type, clock.instant(), riderId, null, null, reason);
    }

    /** The id of an event read back rather than received: the same on every instance and every pass. */
    private static String id(String tripId, RiderEventType type) {
        return "reask:" + tripId + ":" + type.name();
    }

    private Future<Void> apply(List<RiderEvent> events) {
        Future<Void> chain = Future.succeededFuture();
        for (RiderEvent event : events) {
            chain = chain.compose(ignored -> dispatch.onEvent(event));
        }
        return chain;
    }
}
