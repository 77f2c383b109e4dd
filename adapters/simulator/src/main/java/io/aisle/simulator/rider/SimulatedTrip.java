package io.aisle.simulator.rider;

import io.aisle.contracts.api.DropoffMode;
import io.aisle.contracts.api.HandoffMode;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.RiderHandoff;
import io.aisle.contracts.dispatch.Trip;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.dispatch.TripStatus;
import io.aisle.contracts.value.GeoPoint;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One trip as the simulated rider rides it: the planned steps, how far along it is, and the queue
 * of its events. Requests and timers for one trip may run on different event loops, so every state
 * change is synchronized on the trip; events are queued under the same lock, hence in the order the
 * state changed, and each is delivered only after the one before it.
 */
final class SimulatedTrip {

    static final String FAILURE_REASON = "the rider could not complete the trip (simulated)";

    /** One planned step: the event it sends, how long after the previous step, and not before when. */
    record Step(RiderEventType type, Duration after, Instant notBefore, String pickupId, String orderId) {
    }

    /** What a cancel request found. */
    enum CancelOutcome { CANCELLED, ALREADY_CANCELLED, TOO_LATE }

    /**
     * One pickup as the rider made it: when the rider reached the store, when the bags were ready (the ready notice's
     * arrival for a pickup that awaited one, else the pickup's ready time) and when the rider picked them up.
     */
    record PickupTiming(String tripId, String pickupId, String storeId, boolean awaitedNotice, Instant arrivedAt, Instant readyAt,
                        Instant pickedUpAt) {

        /** How long the rider waited for the bags (zero when they were ready first). */
        Duration riderWait() {
            Duration d = Duration.between(arrivedAt, readyAt);
            return d.isNegative() ? Duration.ZERO : d;
        }

        /** How long the ready bags waited for the rider (zero when the rider came first). */
        Duration bagWait() {
            Duration d = Duration.between(readyAt, arrivedAt);
            return d.isNegative() ? Duration.ZERO : d;
        }
    }

    private final TripRequest request;
    private final List<Step> plan;
    private final Function<RiderEvent, Future<Void>> courier;
    private TripStatus status = TripStatus.REQUESTED;
    private String riderId;
    private boolean parcelsAboard;
    private int next;
    private long timerId = -1;
    private Future<Void> deliveries = Future.succeededFuture();
    private final Map<String, Instant> arrivedAt = new HashMap<>();
    /** Per pickup awaiting a notice: the orders whose bags there are not said to be ready yet. */
    private final Map<String, Set<String>> notReady = new HashMap<>();
    /** Per pickup awaiting a notice: when the last notice it needed came. */
    private final Map<String, Instant> noticedAt = new HashMap<>();
    /** The pickup the rider is waiting at for its notice, if any. */
    private Step parked;
    private final Consumer<PickupTiming> timings;

    SimulatedTrip(TripRequest request, List<Step> plan, Function<RiderEvent, Future<Void>> courier) {
        this(request, plan, courier, timing -> { });
    }

    /** {@code timings} is told of every pickup made, with its times. */
    SimulatedTrip(TripRequest request, List<Step> plan, Function<RiderEvent, Future<Void>> courier, Consumer<PickupTiming> timings) {
        this.request = request;
        this.plan = List.copyOf(plan);
        this.courier = courier;
        this.timings = timings;
        for (Pickup pickup : request.pickups()) {
            if (pickup.awaitsReadyNotice()) {
                Set<String> orders = new HashSet<>();
                pickup.parcels().forEach(parcel -> orders.add(parcel.orderId()));
                notReady.put(pickup.pickupId(), orders);
            }
        }
    }

    /**
     * The steps a rider takes for {@code request}: assigned; for each pickup in order, arrive (not
     * before its bags are ready, unless they await a ready notice: then the rider rides straight there
     * and waits at the store for the notice) and pick up; for each drop-off in order, deliver. A failing
     * trip is assigned and then fails.
     */
    static List<Step> plan(TripRequest request, RiderSimulatorConfig.Timings timings, boolean failsAfterAssignment) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(RiderEventType.ASSIGNED, timings.assignDelay(), null, null, null));
        if (failsAfterAssignment) {
            steps.add(new Step(RiderEventType.FAILED, timings.travelToPickup(), null, null, null));
            return steps;
        }
        GeoPoint at = null;
        for (Pickup pickup : request.pickups()) {
            Duration travel = timings.leg(at, pickup.location(), timings.travelToPickup());
            steps.add(new Step(RiderEventType.ARRIVED_AT_PICKUP, travel, pickup.awaitsReadyNotice() ? null : pickup.readyAt(),
                    pickup.pickupId(), null));
            steps.add(new Step(RiderEventType.PICKED_UP, timings.dwell(), null, pickup.pickupId(), null));
            at = pickup.location();
        }
        for (DropoffStop dropoff : request.dropoffs()) {
            Duration travel = timings.leg(at, dropoff.location(), timings.travelToDropoff());
            steps.add(new Step(RiderEventType.DELIVERED, travel.plus(timings.dwell()), null, null, dropoff.orderId()));
            at = dropoff.location();
        }
        return steps;
    }

    TripRequest request() {
        return request;
    }

    synchronized Trip view() {
        return new Trip(request.tripId(), status, riderId);
    }

    synchronized boolean finished() {
        return status == TripStatus.DELIVERED || status == TripStatus.FAILED || status == TripStatus.CANCELLED;
    }

    /** The step to ride next, if the trip goes on. */
    synchronized Optional<Step> nextStep() {
        return finished() || next >= plan.size() ? Optional.empty() : Optional.of(plan.get(next));
    }

    /**
     * Whether the rider may take {@code step} now: not a pickup whose bags still await their ready notice. Such a
     * step is kept, and {@link #bagsReady} gives it back when the notice comes.
     */
    synchronized boolean mayTake(Step step) {
        if (step.type() != RiderEventType.PICKED_UP || !awaitingNotice(step.pickupId())) {
            return true;
        }
        parked = step;
        return false;
    }

    private boolean awaitingNotice(String pickupId) {
        Set<String> orders = notReady.get(pickupId);
        return orders != null && !orders.isEmpty();
    }

    /**
     * The bags of {@code orderIds} (all of them when empty) at {@code pickupIds} are ready, as told {@code now}.
     * Returns the pickup step the rider was waiting at, when this notice was the last it waited for.
     */
    synchronized Optional<Step> bagsReady(List<String> pickupIds, List<String> orderIds, Instant now) {
        for (String pickupId : pickupIds) {
            Set<String> orders = notReady.get(pickupId);
            if (orders == null || orders.isEmpty()) {
                continue;
            }
            if (orderIds.isEmpty()) {
                orders.clear();
            } else {
                orderIds.forEach(orders::remove);
            }
            if (orders.isEmpty()) {
                noticedAt.put(pickupId, now);
            }
        }
        if (parked != null && !awaitingNotice(parked.pickupId()) && !finished()) {
            Step waiting = parked;
            parked = null;
            return Optional.of(waiting);
        }
        return Optional.empty();
    }

    /** Remembers the timer of the next step, so a cancel can stop it. */
    synchronized void timer(long id) {
        timerId = id;
    }

    synchronized long timer() {
        return timerId;
    }

    /**
     * Takes {@code step} if it is still the next one (a cancel may have come first), queues its event
     * and says whether it was taken.
     */
    synchronized boolean take(Step step, Instant now, Supplier<String> riderIds) {
        if (finished() || next >= plan.size() || plan.get(next) != step) {
            return false;
        }
        next++;
        String reason = null;
        Instant arrived = null;
        Instant ready = null;
        switch (step.type()) {
            case ASSIGNED -> {
                riderId = riderIds.get();
                status = TripStatus.ASSIGNED;
            }
            case ARRIVED_AT_PICKUP -> arrivedAt.put(step.pickupId(), now);
            case PICKED_UP -> {
                parcelsAboard = true;
                status = TripStatus.PICKED_UP;
                Pickup pickup = pickup(step.pickupId());
                arrived = arrivedAt.getOrDefault(step.pickupId(), now);
                ready = pickup.awaitsReadyNotice() ? noticedAt.getOrDefault(step.pickupId(), now) : pickup.readyAt();
                timings.accept(new PickupTiming(request.tripId(), step.pickupId(), pickup.storeId(), pickup.awaitsReadyNotice(),
                        arrived, ready, now));
            }
            case DELIVERED -> {
                if (next == plan.size()) {
                    status = TripStatus.DELIVERED;
                }
            }
            case FAILED -> {
                status = TripStatus.FAILED;
                reason = FAILURE_REASON;
            }
            default -> {
                // nothing else changes a status
            }
        }
        emit(new RiderEvent(UUID.randomUUID().toString(), request.tripId(), step.type(), now, riderId,
                step.pickupId(), step.orderId(), reason, step.type() == RiderEventType.DELIVERED ? handoff(step.orderId(), now) : null,
                arrived, ready));
        return true;
    }

    private Pickup pickup(String pickupId) {
        return request.pickups().stream().filter(p -> p.pickupId().equals(pickupId)).findFirst().orElseThrow();
    }

    /**
     * How the simulated rider hands an order over: as its drop-off asks (in person when it asks for no mode);
     * for CALL_ON_ARRIVAL and HAND_TO_STAFF the household or staff tells the order's handoff code, which the
     * rider reports. Left at the door, no code is asked for.
     */
    private RiderHandoff handoff(String orderId, Instant now) {
        DropoffStop dropoff = request.dropoffs().stream().filter(d -> d.orderId().equals(orderId)).findFirst().orElse(null);
        DropoffMode mode = dropoff == null ? null : dropoff.mode();
        boolean codeAsked = mode == DropoffMode.CALL_ON_ARRIVAL || mode == DropoffMode.HAND_TO_STAFF;
        return new RiderHandoff(HandoffMode.asked(mode), now, codeAsked ? dropoff.handoffCode() : null);
    }

    /** Cancels the trip unless a rider already has its parcels or it is over. */
    synchronized CancelOutcome cancel(String reason, Instant now) {
        if (status == TripStatus.CANCELLED) {
            return CancelOutcome.ALREADY_CANCELLED;
        }
        if (parcelsAboard || finished()) {
            return CancelOutcome.TOO_LATE;
        }
        status = TripStatus.CANCELLED;
        emit(new RiderEvent(UUID.randomUUID().toString(), request.tripId(), RiderEventType.CANCELLED, now, riderId,
                null, null, reason));
        return CancelOutcome.CANCELLED;
    }

    /** Completes once every event queued so far was delivered or given up. */
    synchronized Future<Void> deliveries() {
        return deliveries;
    }

    private void emit(RiderEvent event) {
        deliveries = deliveries.transform(previous -> courier.apply(event));
    }
}
