package io.aisle.simulator.rider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Trip;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.problem.Problem;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The super-app's restaurant rider dispatch, simulated: the rider dispatch API under
 * {@code /rider-dispatch/v1} and riders that ride each trip on Vert.x timers, sending signed events
 * to the callback URL (see {@link RiderSimulatorConfig}). Mounted on a router the caller serves, so
 * the simulated fleet and tests reach it over real HTTP.
 *
 * <p>API ({@code Authorization: Bearer <apiKey>}):
 * <ul>
 *   <li>{@code PUT /rider-dispatch/v1/trips/{tripId}} TripRequest: 201 Trip when new, 200 when the same
 *       trip is sent again, 409 problem when the id belongs to a different trip, 400/422 problem
 *       for a body that is not JSON or not a valid trip;</li>
 *   <li>{@code GET /rider-dispatch/v1/trips/{tripId}}: 200 Trip or 404 problem;</li>
 *   <li>{@code POST /rider-dispatch/v1/trips/{tripId}/cancel} {@code {"reason"}}: 200 Trip (CANCELLED,
 *       also when cancelled before), 409 problem once a parcel is picked up or the trip is over;</li>
 *   <li>{@code POST /rider-dispatch/v1/trips/{tripId}/ready} BagsReady: 200 Trip; the rider waiting at a pickup
 *       requested ahead ({@code readyNotice}) picks up.</li>
 * </ul>
 * Control (no auth): {@code POST /rider-dispatch/sim/faults} {@code {"mode","latencyMs"}} (see
 * {@link DispatchFault}), {@code GET /rider-dispatch/sim/stats}, and {@code GET /rider-dispatch/sim/orders/{orderId}/dropoff}
 * (the drop-off of an order as its trip brought it: mode, instructions, handoff code), and
 * {@code GET /rider-dispatch/sim/pickups?since=<instant>&limit=<n>} (the pickups made since then: how long riders
 * waited for bags and bags for riders, p50/p90/p99/max in ms, and the latest {@code limit} with their times).
 *
 * <p>A trip's events: ASSIGNED (with a rider id), then per pickup ARRIVED_AT_PICKUP (never before its
 * ready time, unless it awaits a ready notice: then as soon as the rider gets there) and PICKED_UP (after the
 * notice, for such a pickup; with the rider's arrival and the bags' ready time), then DELIVERED per drop-off; or CANCELLED, or FAILED after assignment
 * in fault mode {@code fail-trips}. Finished trips are forgotten after
 * {@link RiderSimulatorConfig#retainFinishedTrips()}.
 */
public final class RiderDispatchSimulator {

    public static final String API_PREFIX = "/rider-dispatch/v1";
    public static final String CONTROL_PREFIX = "/rider-dispatch/sim";

    private static final int BODY_LIMIT_BYTES = 256 * 1024;
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final RiderSimulatorConfig config;
    private final Clock clock;
    private final byte[] expectedAuthorization;
    private final RiderEventCourier courier;
    private final ConcurrentMap<String, SimulatedTrip> trips = new ConcurrentHashMap<>();
    private final AtomicLong riderNumbers = new AtomicLong(1000);
    private final LongAdder created = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder orderRepeats = new LongAdder();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RiderDispatchSimulator.class);
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile DispatchFault fault = DispatchFault.NONE;
    /** The latest pickups made (at most {@value #PICKUPS_KEPT}), oldest first, with their times. */
    private final java.util.concurrent.ConcurrentLinkedDeque<SimulatedTrip.PickupTiming> pickups =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final LongAdder pickupsMade = new LongAdder();
    private final LongAdder readyNotices = new LongAdder();
    static final int PICKUPS_KEPT = 100_000;

    public RiderDispatchSimulator(Vertx vertx, RiderSimulatorConfig config, Clock clock) {
        this.vertx = Checks.requireNonNull(vertx, "vertx");
        this.config = Checks.requireNonNull(config, "config");
        this.clock = Checks.requireNonNull(clock, "clock");
        this.expectedAuthorization = ("Bearer " + config.apiKey()).getBytes(StandardCharsets.UTF_8);
        HmacSigner signer = new HmacSigner(config.signingSecret(), clock, HmacSigner.DEFAULT_TOLERANCE);
        this.courier = new RiderEventCourier(vertx, config.callbackUrl(), signer, config.delivery());
    }

    /** Adds the rider dispatch API and its control routes to {@code router}. */
    public void mount(Router router) {
        router.post(CONTROL_PREFIX + "/faults").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT_BYTES)).handler(this::setFault);
        router.get(CONTROL_PREFIX + "/stats").handler(this::getStats);
        router.get(CONTROL_PREFIX + "/orders/:orderId/dropoff").handler(this::getDropoff);
        router.get(CONTROL_PREFIX + "/pickups").handler(this::getPickups);

        // The body is read first: the fault handler may answer later, on a timer.
        router.route(API_PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT_BYTES)).failureHandler(this::failed);
        router.route(API_PREFIX + "/*").handler(this::playFault);
        router.route(API_PREFIX + "/*").handler(this::authenticate);
        router.put(API_PREFIX + "/trips/:tripId").handler(this::createTrip);
        router.get(API_PREFIX + "/trips/:tripId").handler(this::getTrip);
        router.post(API_PREFIX + "/trips/:tripId/cancel").handler(this::cancelTrip);
        router.post(API_PREFIX + "/trips/:tripId/ready").handler(this::bagsReady);
    }

    /** Counts of trips and events, for the fleet's stats and for load test reports. */
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("tripsCreated", created.sum());
        stats.put("tripsReplayed", replayed.sum());
        stats.put("tripLegRepeats", orderRepeats.sum());
        stats.put("tripsCancelled", cancelled.sum());
        stats.put("tripsDelivered", delivered.sum());
        stats.put("tripsFailed", failed.sum());
        stats.put("tripsActive", trips.values().stream().filter(trip -> !trip.finished()).count());
        stats.put("pickupsMade", pickupsMade.sum());
        stats.put("readyNotices", readyNotices.sum());
        stats.put("eventsSent", courier.sent());
        stats.put("eventsFailed", courier.failed());
        stats.put("eventsRetried", courier.retried());
        return stats;
    }

    public long tripsCreated() {
        return created.sum();
    }

    public DispatchFault fault() {
        return fault;
    }

    /** Sets the fault to play, as {@code POST /rider-dispatch/sim/faults} does. */
    public void fault(DispatchFault newFault) {
        this.fault = Checks.requireNonNull(newFault, "fault");
    }

    /** Stops every rider and frees the event sender's connections. Events not yet sent are dropped. */
    public Future<Void> close() {
        trips.values().forEach(trip -> vertx.cancelTimer(trip.timer()));
        trips.clear();
        courier.close();
        return Future.succeededFuture();
    }

    // ---- faults and auth --------------------------------------------------------------------------

    private void playFault(RoutingContext ctx) {
        DispatchFault current = fault;
        if (current.mode() == DispatchFault.Mode.HANG) {
            return; // no answer at all: the caller's timeout has to end the call
        }
        if (current.latencyMs() > 0) {
            vertx.setTimer(current.latencyMs(), id -> answerFault(ctx, current.mode()));
        } else {
            answerFault(ctx, current.mode());
        }
    }

    private void answerFault(RoutingContext ctx, DispatchFault.Mode mode) {
        switch (mode) {
            case ERROR -> {
                ctx.response().putHeader("Retry-After", "1");
                problem(ctx, Problem.of(503, "unavailable", "Rider dispatch is unavailable", "simulated outage"));
            }
            case RATELIMIT -> {
                ctx.response().putHeader("Retry-After", "1");
                problem(ctx, Problem.of(429, "rate-limited", "Too many requests", "simulated quota exhausted"));
            }
            case RESET -> ctx.request().connection().close();
            case GARBAGE -> ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end("{\"tripId\": <<not json>>");
            default -> ctx.next();
        }
    }

    private void authenticate(RoutingContext ctx) {
        String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedAuthorization)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            problem(ctx, Problem.of(401, "unauthenticated", "Missing or wrong API key", "send Authorization: Bearer <apiKey>"));
            return;
        }
        ctx.next();
    }

    // ---- the API ----------------------------------------------------------------------------------

    private void createTrip(RoutingContext ctx) {
        String tripId = ctx.pathParam("tripId");
        TripRequest request;
        try {
            request = Json.mapper().readValue(bytes(ctx.body()), TripRequest.class);
        } catch (StreamReadException e) {
            problem(ctx, Problem.of(400, "malformed-json", "Body is not JSON", e.getOriginalMessage()));
            return;
        } catch (IOException | IllegalArgumentException e) {
            problem(ctx, Problem.of(422, "invalid-trip", "Body is not a valid trip request", firstLine(e.getMessage())));
            return;
        }
        if (request == null || !request.tripId().equals(tripId)) {
            problem(ctx, Problem.of(422, "invalid-trip", "Body is not a valid trip request",
                    "the body's tripId must be the one in the path (" + tripId + ")"));
            return;
        }
        boolean fails = fault.mode() == DispatchFault.Mode.FAIL_TRIPS;
        SimulatedTrip fresh = new SimulatedTrip(request, SimulatedTrip.plan(request, config.timings(), fails), courier::deliver,
                this::pickedUp);
        SimulatedTrip existing = trips.putIfAbsent(tripId, fresh);
        if (existing == null) {
            created.increment();
            countOrdersAlreadyRiding(fresh);
            ride(fresh);
            json(ctx, 201, fresh.view());
        } else if (existing.request().equals(request)) {
            replayed.increment();
            json(ctx, 200, existing.view());
        } else {
            problem(ctx, Problem.of(409, "trip-id-conflict", "Trip id already used",
                    "trip " + tripId + " exists with a different request"));
        }
    }

    /**
     * Counts a new trip that picks up an order's parcels at a store where another unfinished trip picks
     * up that order's parcels too: one leg (order at store) sent to riders twice.
     */
    private void countOrdersAlreadyRiding(SimulatedTrip fresh) {
        java.util.Set<String> legs = legsOf(fresh.request());
        for (SimulatedTrip other : trips.values()) {
            if (other != fresh && !other.finished() && legsOf(other.request()).stream().anyMatch(legs::contains)) {
                orderRepeats.increment();
                LOG.warn("trip {} picks up a leg that unfinished trip {} picks up too", fresh.request().tripId(), other.request().tripId());
                return;
            }
        }
    }

    private static java.util.Set<String> legsOf(TripRequest request) {
        java.util.Set<String> legs = new java.util.HashSet<>();
        request.pickups().forEach(pickup -> pickup.parcels().forEach(parcel -> legs.add(parcel.orderId() + "@" + pickup.storeId())));
        return legs;
    }

    /** The drop-off of an order as the last trip that carries it received it (trips kept, finished or not), or 404. */
    private void getDropoff(RoutingContext ctx) {
        String orderId = ctx.pathParam("orderId");
        DropoffStop found = null;
        for (SimulatedTrip trip : trips.values()) {
            for (DropoffStop dropoff : trip.request().dropoffs()) {
                if (dropoff.orderId().equals(orderId)) {
                    found = dropoff;
                }
            }
        }
        if (found == null) {
            problem(ctx, Problem.of(404, "unknown-order", "No such drop-off", "no trip held here drops off order " + orderId));
            return;
        }
        json(ctx, 200, found);
    }

    private void getTrip(RoutingContext ctx) {
        SimulatedTrip trip = trips.get(ctx.pathParam("tripId"));
        if (trip == null) {
            problem(ctx, unknownTrip(ctx.pathParam("tripId")));
            return;
        }
        json(ctx, 200, trip.view());
    }

    private void cancelTrip(RoutingContext ctx) {
        String tripId = ctx.pathParam("tripId");
        String reason;
        try {
            JsonObject body = ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
            reason = body.getString("reason", "cancelled");
        } catch (DecodeException | ClassCastException e) {
            problem(ctx, Problem.of(400, "malformed-json", "Body is not a cancel request", "expected {\"reason\": \"...\"}"));
            return;
        }
        SimulatedTrip trip = trips.get(tripId);
        if (trip == null) {
            problem(ctx, unknownTrip(tripId));
            return;
        }
        switch (trip.cancel(reason == null || reason.isBlank() ? "cancelled" : reason, clock.instant())) {
            case CANCELLED -> {
                cancelled.increment();
                vertx.cancelTimer(trip.timer());
                retire(trip);
                json(ctx, 200, trip.view());
            }
            case ALREADY_CANCELLED -> json(ctx, 200, trip.view());
            case TOO_LATE -> problem(ctx, Problem.of(409, "trip-not-cancellable", "Trip can no longer be cancelled",
                    "trip " + tripId + " is " + trip.view().status() + (trip.finished() ? "" : " and its parcels are with the rider")));
        }
    }

    /**
     * The bags of a trip requested ahead are ready: a rider waiting at one of the pickups named picks up after a
     * dwell; one not there yet picks up on arrival. A notice for a finished trip, or again, changes nothing.
     */
    private void bagsReady(RoutingContext ctx) {
        String tripId = ctx.pathParam("tripId");
        BagsReady notice;
        try {
            notice = Json.mapper().readValue(bytes(ctx.body()), BagsReady.class);
        } catch (StreamReadException e) {
            problem(ctx, Problem.of(400, "malformed-json", "Body is not JSON", e.getOriginalMessage()));
            return;
        } catch (IOException | IllegalArgumentException e) {
            problem(ctx, Problem.of(422, "invalid-notice", "Body is not a valid ready notice", firstLine(e.getMessage())));
            return;
        }
        if (notice == null) {
            problem(ctx, Problem.of(422, "invalid-notice", "Body is not a valid ready notice", "a BagsReady object is required"));
            return;
        }
        SimulatedTrip trip = trips.get(tripId);
        if (trip == null) {
            problem(ctx, unknownTrip(tripId));
            return;
        }
        readyNotices.increment();
        trip.bagsReady(notice.pickupIds(), notice.orderIds(), clock.instant()).ifPresent(waiting ->
                trip.timer(vertx.setTimer(Math.max(1, config.timings().dwell().toMillis()), id -> arrive(trip, waiting))));
        json(ctx, 200, trip.view());
    }

    private void pickedUp(SimulatedTrip.PickupTiming timing) {
        pickupsMade.increment();
        pickups.addLast(timing);
        while (pickups.size() > PICKUPS_KEPT) {
            pickups.pollFirst();
        }
    }

    /** The pickups made since {@code since} (an instant; default: all kept) as a summary and the latest {@code limit} of them. */
    private void getPickups(RoutingContext ctx) {
        Instant since;
        int limit;
        try {
            String from = ctx.queryParams().get("since");
            since = from == null || from.isBlank() ? Instant.EPOCH : Instant.parse(from);
            String max = ctx.queryParams().get("limit");
            limit = max == null || max.isBlank() ? 100 : Integer.parseInt(max);
            if (limit < 0) {
                throw new NumberFormatException("limit must not be negative");
            }
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            problem(ctx, Problem.of(422, "invalid-query", "since is an instant, limit a number", e.getMessage()));
            return;
        }
        java.util.List<SimulatedTrip.PickupTiming> made = pickups.stream().filter(p -> !p.arrivedAt().isBefore(since)).toList();
        JsonObject answer = new JsonObject()
                .put("pickups", made.size())
                .put("awaitedNotice", made.stream().filter(SimulatedTrip.PickupTiming::awaitedNotice).count())
                .put("riderWaitMs", percentiles(made.stream().mapToLong(p -> p.riderWait().toMillis()).sorted().toArray()))
                .put("bagWaitMs", percentiles(made.stream().mapToLong(p -> p.bagWait().toMillis()).sorted().toArray()));
        io.vertx.core.json.JsonArray latest = new io.vertx.core.json.JsonArray();
        made.stream().skip(Math.max(0, made.size() - limit)).forEach(p -> latest.add(new JsonObject()
                .put("tripId", p.tripId()).put("pickupId", p.pickupId()).put("storeId", p.storeId())
                .put("awaitedNotice", p.awaitedNotice()).put("arrivedAt", p.arrivedAt().toString())
                .put("readyAt", p.readyAt().toString()).put("pickedUpAt", p.pickedUpAt().toString())
                .put("riderWaitMs", p.riderWait().toMillis()).put("bagWaitMs", p.bagWait().toMillis())));
        answer.put("latest", latest);
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer.encode());
    }

    /** p50, p90, p99 and max of sorted values (nearest rank); zeros when there are none. */
    private static JsonObject percentiles(long[] sorted) {
        JsonObject out = new JsonObject();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            String name = "p" + (int) Math.round(q * 100);
            out.put(name, sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)]);
        }
        out.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        return out;
    }

    // ---- control ----------------------------------------------------------------------------------

    private void setFault(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("expected {\"mode\": \"...\", \"latencyMs\": n}");
            }
            Object latency = body.getValue("latencyMs", 0L);
            if (!(latency instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw new IllegalArgumentException("latencyMs must be a whole number of milliseconds");
            }
            fault(new DispatchFault(DispatchFault.Mode.fromWire(body.getString("mode")), number.longValue()));
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            problem(ctx, Problem.of(422, "invalid-fault", "Not a fault setting", e.getMessage()));
            return;
        }
        DispatchFault now = fault;
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(new JsonObject().put("mode", now.mode().wireName()).put("latencyMs", now.latencyMs()).encode());
    }

    private void getStats(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(new JsonObject(new LinkedHashMap<>(stats())).encode());
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 && ctx.statusCode() <= 599 ? ctx.statusCode() : 500;
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        String slug = status == 413 ? "body-too-large" : status < 500 ? "bad-request" : "internal-error";
        problem(ctx, Problem.of(status, slug, status == 413 ? "Body too large" : "Request failed",
                ctx.failure() != null ? ctx.failure().getMessage() : null));
    }

    // ---- riding -----------------------------------------------------------------------------------

    private void ride(SimulatedTrip trip) {
        trip.nextStep().ifPresentOrElse(
                step -> trip.timer(vertx.setTimer(Math.max(1, step.after().toMillis()), id -> arrive(trip, step))),
                () -> retire(trip));
    }

    private void arrive(SimulatedTrip trip, SimulatedTrip.Step step) {
        Instant now = clock.instant();
        if (step.notBefore() != null && now.isBefore(step.notBefore())) {
            // The rider times the arrival to when the bags are ready.
            long wait = Duration.between(now, step.notBefore()).toMillis() + 1;
            trip.timer(vertx.setTimer(wait, id -> arrive(trip, step)));
            return;
        }
        if (!trip.mayTake(step)) {
            return; // the rider waits at the store for the ready notice (bagsReady takes it from there)
        }
        if (!trip.take(step, now, () -> "rider-" + riderNumbers.incrementAndGet())) {
            return;
        }
        switch (trip.view().status()) {
            case DELIVERED -> delivered.increment();
            case FAILED -> failed.increment();
            default -> {
                // still riding
            }
        }
        ride(trip);
    }

    private void retire(SimulatedTrip trip) {
        long keep = config.retainFinishedTrips().toMillis();
        vertx.setTimer(keep, id -> trips.remove(trip.request().tripId(), trip));
    }

    // ---- answers ----------------------------------------------------------------------------------

    private static Problem unknownTrip(String tripId) {
        return Problem.of(404, "unknown-trip", "Unknown trip", "no trip " + tripId);
    }

    private static void json(RoutingContext ctx, int status, Object trip) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(Json.mapper().writeValueAsBytes(trip)));
        } catch (JsonProcessingException e) {
            ctx.fail(500, e);
        }
    }

    private static void problem(RoutingContext ctx, Problem problem) {
        try {
            ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(Buffer.buffer(Json.mapper().writeValueAsBytes(problem.withInstance(ctx.request().path()))));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(problem.status()).end();
        }
    }

    private static byte[] bytes(RequestBody body) {
        Buffer buffer = body == null ? null : body.buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
