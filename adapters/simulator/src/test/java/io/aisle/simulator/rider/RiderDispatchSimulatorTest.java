package io.aisle.simulator.rider;

import io.aisle.adapters.callback.RedisNonceStore;
import io.aisle.adapters.callback.CallbackRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.dispatch.HttpRiderDispatchClient;
import io.aisle.adapters.dispatch.RiderDispatch;
import io.aisle.adapters.dispatch.RiderDispatchEndpoint;
import io.aisle.adapters.dispatch.RiderEventReceiver;
import io.aisle.adapters.dispatch.TripFixtures;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.api.DropoffMode;
import io.aisle.contracts.api.HandoffMode;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.dispatch.TripStatus;
import io.aisle.contracts.problem.Problem;
import io.aisle.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The simulated rider dispatch end to end: trips created through the rider dispatch client, events
 * received by a gateway-like endpoint that verifies them with {@link RiderEventReceiver} and a
 * Redis nonce store, all over real HTTP.
 */
@ExtendWith(VertxExtension.class)
class RiderDispatchSimulatorTest {

    private static final String API_KEY = "simulator-test-key";
    private static final String SECRET = "simulator-test-signing-secret";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant NOT_READY = Instant.now().plus(Duration.ofHours(6));
    private static final RiderSimulatorConfig.Timings BRISK = new RiderSimulatorConfig.Timings(
            Duration.ofMillis(50), Duration.ofMillis(60), Duration.ofMillis(20), Duration.ofMillis(60), 0);
    private static final RiderSimulatorConfig.EventDelivery QUICK_RETRIES = new RiderSimulatorConfig.EventDelivery(
            6, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), 4);

    private static String redisUri;

    private Vertx vertx;
    private Redis redis;
    private HttpServer server;
    private RiderDispatchSimulator simulator;
    private RiderDispatch dispatch;
    private WebClient web;
    private String origin;
    /** Events the receiver accepted, in the order it accepted them. */
    private final List<RiderEvent> events = new CopyOnWriteArrayList<>();
    /** Callbacks the receiver refused as unauthenticated, replayed or malformed. */
    private final List<CallbackRejected> refusals = new CopyOnWriteArrayList<>();
    /** How many more callbacks the receiver answers 503 without looking at them. */
    private final AtomicInteger outages = new AtomicInteger();

    @BeforeAll
    static void takeARedisDatabase() {
        redisUri = TestRedis.freshDatabase();
    }

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        start(vertx, QUICK_RETRIES).onComplete(ctx.succeedingThenComplete());
    }

    private Future<Void> start(Vertx vertx, RiderSimulatorConfig.EventDelivery delivery) {
        this.vertx = vertx;
        redis = Redis.createClient(vertx, redisUri);
        RiderEventReceiver receiver = new RiderEventReceiver(new HmacSigner(SECRET), new RedisNonceStore(redis));
        Router router = Router.router(vertx);
        router.post("/dispatch/v1/events").handler(BodyHandler.create()).handler(ctx -> receive(receiver, ctx));
        web = WebClient.create(vertx);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(started -> {
            server = started;
            origin = "http://127.0.0.1:" + started.actualPort();
            RiderSimulatorConfig config = RiderSimulatorConfig.dev(API_KEY, origin + "/dispatch/v1/events", SECRET)
                    .withTimings(BRISK).withDelivery(delivery);
            simulator = new RiderDispatchSimulator(vertx, config, Clock.systemUTC());
            simulator.mount(router);
            dispatch = new HttpRiderDispatchClient(vertx, RiderDispatchEndpoint.of(origin + "/rider-dispatch", API_KEY));
            return null;
        });
    }

    private void receive(RiderEventReceiver receiver, RoutingContext ctx) {
        if (outages.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        receiver.receive(ctx.request().headers(), ctx.body().buffer())
                .onSuccess(event -> {
                    events.add(event);
                    ctx.response().setStatusCode(202).end();
                })
                .onFailure(error -> {
                    CallbackRejected refusal = (CallbackRejected) error;
                    refusals.add(refusal);
                    ctx.response().setStatusCode(refusal.reason().httpStatus()).end();
                });
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        web.close();
        dispatch.close()
                .compose(v -> simulator.close())
                .compose(v -> server.close())
                .onComplete(ar -> {
                    redis.close();
                    ctx.completeNow();
                });
    }

    @Test
    void ridesATwoPickupTripAndReportsEveryStepInOrder(VertxTestContext ctx) {
        Instant now = Instant.now();
        TripRequest trip = TripFixtures.twoPickupTrip(TripFixtures.tripId(), now, now);
        String order1 = trip.dropoffs().get(0).orderId();
        String order2 = trip.dropoffs().get(1).orderId();
        dispatch.createTrip(trip)
                .compose(created -> eventsOf(trip.tripId(), list -> list.size() >= 7))
                .compose(received -> dispatch.trip(trip.tripId()).map(after -> {
                    ctx.verify(() -> {
                        assertEquals(List.of(RiderEventType.ASSIGNED,
                                RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP,
                                RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP,
                                RiderEventType.DELIVERED, RiderEventType.DELIVERED), types(received));
                        assertEquals("pickup-1", received.get(1).pickupId());
                        assertEquals("pickup-1", received.get(2).pickupId());
                        assertEquals("pickup-2", received.get(3).pickupId());
                        assertEquals("pickup-2", received.get(4).pickupId());
                        assertEquals(order1, received.get(5).orderId());
                        assertEquals(order2, received.get(6).orderId());
                        String rider = received.get(0).riderId();
                        assertNotNull(rider, "ASSIGNED names the rider");
                        assertTrue(received.stream().allMatch(e -> rider.equals(e.riderId())), "one rider rides the trip");
                        assertEquals(7, received.stream().map(RiderEvent::eventId).distinct().count(), "event ids are unique");
                        assertTrue(refusals.isEmpty(), "every signature verified: " + refusals);
                        assertEquals(TripStatus.DELIVERED, after.status());
                        assertEquals(rider, after.riderId());
                        assertEquals(1L, simulator.stats().get("tripsDelivered"));
                        assertEquals(7L, simulator.stats().get("eventsSent"));
                        assertEquals(1L, simulator.tripsCreated());
                    });
                    return after;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void handsEachOrderOverAsItsDropOffAsksAndReportsHowOnDelivered(VertxTestContext ctx) {
        Instant now = Instant.now();
        TripRequest plain = TripFixtures.twoPickupTrip(TripFixtures.tripId(), now, now);
        DropoffStop first = plain.dropoffs().get(0);
        DropoffStop second = plain.dropoffs().get(1);
        TripRequest trip = new TripRequest(plain.tripId(), plain.priority(), plain.pickups(), List.of(
                new DropoffStop(first.orderId(), first.location(), false, "ward 3 reception", DropoffMode.HAND_TO_STAFF, "482913"),
                new DropoffStop(second.orderId(), second.location(), true, null, DropoffMode.LEAVE_AT_DOOR, "007311")));
        dispatch.createTrip(trip)
                .compose(created -> eventsOf(trip.tripId(), list -> list.size() >= 7))
                .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
                    List<RiderEvent> delivered = received.stream().filter(e -> e.type() == RiderEventType.DELIVERED).toList();
                    assertEquals(2, delivered.size());
                    assertEquals(first.orderId(), delivered.get(0).orderId());
                    assertEquals(HandoffMode.HAND_TO_STAFF, delivered.get(0).handoff().mode(), "handed to staff, as asked");
                    assertEquals("482913", delivered.get(0).handoff().code(), "the staff told the order's code");
                    assertEquals(HandoffMode.LEAVE_AT_DOOR, delivered.get(1).handoff().mode(), "left at the door, as asked");
                    assertNull(delivered.get(1).handoff().code(), "no code is asked for at the door");
                    assertNotNull(delivered.get(0).handoff().at());
                    assertTrue(refusals.isEmpty(), "every signature verified: " + refusals);
                    ctx.completeNow();
                })));
    }

    @Test
    void deliversEveryEventInOrderToAReceiverThatFailsAtFirst(VertxTestContext ctx) {
        outages.set(4);
        Instant now = Instant.now();
        TripRequest trip = TripFixtures.twoPickupTrip(TripFixtures.tripId(), now, now);
        dispatch.createTrip(trip)
                .compose(created -> eventsOf(trip.tripId(), list -> list.size() >= 7))
                .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
                    assertEquals(List.of(RiderEventType.ASSIGNED,
                            RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP,
                            RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP,
                            RiderEventType.DELIVERED, RiderEventType.DELIVERED), types(received));
                    assertEquals(0, outages.get(), "the receiver was down for the first attempts");
                    assertTrue(refusals.isEmpty(), "retries are signed afresh, never replays: " + refusals);
                    assertEquals(4L, simulator.stats().get("eventsRetried"));
                    assertEquals(0L, simulator.stats().get("eventsFailed"));
                    ctx.completeNow();
                })));
    }

    @Test
    void arrivesAtAPickupNoSoonerThanItsBagsAreReady(VertxTestContext ctx) {
        Instant now = Instant.now();
        Instant secondReady = now.plusMillis(800);
        TripRequest trip = TripFixtures.twoPickupTrip(TripFixtures.tripId(), now, secondReady);
        dispatch.createTrip(trip)
                .compose(created -> eventsOf(trip.tripId(), list -> list.size() >= 7))
                .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
                    RiderEvent arrival = received.stream()
                            .filter(e -> e.type() == RiderEventType.ARRIVED_AT_PICKUP && "pickup-2".equals(e.pickupId()))
                            .findFirst().orElseThrow();
                    assertFalse(arrival.at().isBefore(secondReady),
                            "arrived at " + arrival.at() + ", bags ready at " + secondReady);
                    ctx.completeNow();
                })));
    }

    @Test
    void aRiderRequestedAheadWaitsAtTheStoreForTheReadyNoticeAndReportsItsArrivalReadyAndPickupTimes(VertxTestContext ctx) {
        // the bags are expected now, so a rider not waiting for the notice would pick up one dwell after arriving
        TripRequest trip = TripFixtures.aheadTrip(TripFixtures.tripId(), Instant.now());
        String orderId = trip.dropoffs().get(0).orderId();
        Instant[] noticeSent = new Instant[1];
        dispatch.createTrip(trip)
                .compose(created -> eventsOf(trip.tripId(), list -> types(list).contains(RiderEventType.ARRIVED_AT_PICKUP)))
                .compose(arrived -> vertx.timer(300)) // ten dwells: a rider that did not wait would have left by now
                .compose(v -> {
                    noticeSent[0] = Instant.now();
                    return dispatch.bagsReady(trip.tripId(), new BagsReady(List.of("pickup-1"), List.of(orderId), noticeSent[0]));
                })
                .compose(answered -> eventsOf(trip.tripId(), list -> types(list).contains(RiderEventType.DELIVERED)))
                .compose(received -> web.get(server.actualPort(), "127.0.0.1", RiderDispatchSimulator.CONTROL_PREFIX + "/pickups")
                        .send().expecting(HttpResponseExpectation.SC_OK).map(pickups -> new Object[] {received, pickups.bodyAsJsonObject()}))
                .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                    @SuppressWarnings("unchecked")
                    List<RiderEvent> received = (List<RiderEvent>) both[0];
                    JsonObject pickups = (JsonObject) both[1];
                    assertEquals(List.of(RiderEventType.ASSIGNED, RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP,
                            RiderEventType.DELIVERED), types(received));
                    RiderEvent arrival = received.get(1);
                    RiderEvent pickup = received.get(2);
                    assertFalse(pickup.at().isBefore(noticeSent[0]), "picked up at " + pickup.at() + ", before the notice sent at " + noticeSent[0]);
                    assertEquals(arrival.at(), pickup.arrivedAt(), "the pickup tells when the rider arrived");
                    assertFalse(pickup.readyAt().isBefore(noticeSent[0]), "the bags were ready when the notice came");
                    assertTrue(pickup.riderWait().toMillis() >= 300, "the rider waited for the notice: " + pickup.riderWait());
                    assertEquals(Duration.ZERO, pickup.bagWait());

                    assertEquals(1, pickups.getInteger("pickups"));
                    assertEquals(1L, pickups.getLong("awaitedNotice"));
                    JsonObject made = pickups.getJsonArray("latest").getJsonObject(0);
                    assertEquals(trip.tripId(), made.getString("tripId"));
                    assertEquals(pickup.arrivedAt(), Instant.parse(made.getString("arrivedAt")));
                    assertEquals(pickup.readyAt(), Instant.parse(made.getString("readyAt")));
                    assertEquals(pickup.at(), Instant.parse(made.getString("pickedUpAt")));
                    assertEquals(pickup.riderWait().toMillis(), pickups.getJsonObject("riderWaitMs").getLong("p50"));
                    ctx.completeNow();
                })));
    }

    @Test
    void aRiderWhoseBagsWereSaidReadyBeforeArrivingPicksUpWithoutWaiting(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.aheadTrip(TripFixtures.tripId(), Instant.now().plusSeconds(60));
        dispatch.createTrip(trip)
                .compose(created -> dispatch.bagsReady(trip.tripId(), new BagsReady(List.of("pickup-1"), List.of(), Instant.now())))
                .compose(answered -> eventsOf(trip.tripId(), list -> types(list).contains(RiderEventType.PICKED_UP)))
                .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
                    RiderEvent pickup = received.stream().filter(e -> e.type() == RiderEventType.PICKED_UP).findFirst().orElseThrow();
                    assertEquals(Duration.ZERO, pickup.riderWait(), "the bags were ready first");
                    assertFalse(pickup.readyAt().isAfter(pickup.arrivedAt()));
                    ctx.completeNow();
                })));
    }

    @Test
    void answersNotFoundForTheReadyNoticeOfAnUnknownTrip(VertxTestContext ctx) {
        dispatch.bagsReady(TripFixtures.tripId(), new BagsReady(List.of("pickup-1"), List.of(), Instant.now()))
                .onComplete(ctx.failing(error -> ctx.verify(() -> {
                    assertTrue(error.getMessage().contains("404"), error.getMessage());
                    ctx.completeNow();
                })));
    }

    @Test
    void reportsTheCancellationOfATripNotYetPickedUp(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        dispatch.createTrip(trip)
                .compose(created -> eventsOf(trip.tripId(), list -> !list.isEmpty()))
                .compose(assigned -> dispatch.cancelTrip(trip.tripId(), "customer cancelled"))
                .compose(cancelled -> eventsOf(trip.tripId(), list -> list.size() >= 2))
                .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
                    assertEquals(List.of(RiderEventType.ASSIGNED, RiderEventType.CANCELLED), types(received));
                    assertEquals("customer cancelled", received.get(1).reason());
                    assertEquals(1L, simulator.stats().get("tripsCancelled"));
                    ctx.completeNow();
                })));
    }

    @Test
    void failsTripsAfterAssignmentWhenToldTo(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), Instant.now());
        setFault(new JsonObject().put("mode", "fail-trips"))
                .compose(v -> dispatch.createTrip(trip))
                .compose(created -> eventsOf(trip.tripId(), list -> list.size() >= 2))
                .compose(received -> dispatch.trip(trip.tripId()).map(after -> {
                    ctx.verify(() -> {
                        assertEquals(List.of(RiderEventType.ASSIGNED, RiderEventType.FAILED), types(received));
                        assertNotNull(received.get(1).reason(), "a failure says why");
                        assertEquals(TripStatus.FAILED, after.status());
                        assertEquals(1L, simulator.stats().get("tripsFailed"));
                    });
                    return after;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void givesUpOnEventsTheReceiverNeverTakesButStillRidesTheTrip(VertxTestContext ctx) {
        outages.set(Integer.MAX_VALUE);
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), Instant.now());
        // ASSIGNED, ARRIVED_AT_PICKUP, PICKED_UP, DELIVERED: each tried the configured 6 times.
        dispatch.createTrip(trip)
                .compose(created -> until(() -> simulator.stats().get("eventsFailed") >= 4))
                .compose(v -> dispatch.trip(trip.tripId()))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertEquals(TripStatus.DELIVERED, after.status());
                    assertEquals(4L, simulator.stats().get("eventsFailed"));
                    assertEquals(4L * 5, simulator.stats().get("eventsRetried"));
                    assertTrue(events.isEmpty());
                    ctx.completeNow();
                })));
    }

    @Test
    void answersAProblemForABodyThatIsNotATrip(VertxTestContext ctx) {
        String tripId = TripFixtures.tripId();
        Future<HttpResponse<Buffer>> notJson = putTrip(tripId, Buffer.buffer("trip please"));
        Future<HttpResponse<Buffer>> noPickups = putTrip(tripId,
                new JsonObject().put("tripId", tripId).put("pickups", List.of()).put("dropoffs", List.of()).toBuffer());
        Future<HttpResponse<Buffer>> otherId = putTrip(tripId, new JsonObject().put("tripId", "another").toBuffer());
        Future.all(notJson, noPickups, otherId).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            assertEquals(400, notJson.result().statusCode());
            assertEquals(422, noPickups.result().statusCode());
            assertEquals(422, otherId.result().statusCode());
            assertEquals(Problem.MEDIA_TYPE, noPickups.result().getHeader("Content-Type"));
            assertEquals(422, noPickups.result().bodyAsJsonObject().getInteger("status"));
            assertEquals(0L, simulator.tripsCreated());
            ctx.completeNow();
        })));
    }

    @Test
    void refusesAFaultModeItDoesNotKnow(VertxTestContext ctx) {
        web.post(server.actualPort(), "127.0.0.1", RiderDispatchSimulator.CONTROL_PREFIX + "/faults")
                .sendJsonObject(new JsonObject().put("mode", "meteor"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertEquals(422, response.statusCode());
                    assertEquals(DispatchFault.NONE, simulator.fault());
                    ctx.completeNow();
                })));
    }

    @Test
    void delaysAnswersByTheLatencyAskedWithoutFailingThem(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        setFault(new JsonObject().put("mode", "slow").put("latencyMs", 150))
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
                    assertEquals(new DispatchFault(DispatchFault.Mode.SLOW, 150), simulator.fault());
                    assertEquals(trip.tripId(), created.tripId());
                    ctx.completeNow();
                })));
    }

    @Test
    void servesItsCountsOnTheStatsRoute(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        dispatch.createTrip(trip)
                .compose(created -> dispatch.createTrip(trip))
                .compose(replayed -> web.get(server.actualPort(), "127.0.0.1", RiderDispatchSimulator.CONTROL_PREFIX + "/stats")
                        .send().expecting(HttpResponseExpectation.SC_OK))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    JsonObject stats = response.bodyAsJsonObject();
                    assertEquals(1L, stats.getLong("tripsCreated"));
                    assertEquals(1L, stats.getLong("tripsReplayed"));
                    assertEquals(1L, stats.getLong("tripsActive"));
                    ctx.completeNow();
                })));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Future<HttpResponse<Buffer>> putTrip(String tripId, Buffer body) {
        return web.put(server.actualPort(), "127.0.0.1", RiderDispatchSimulator.API_PREFIX + "/trips/" + tripId)
                .bearerTokenAuthentication(API_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body);
    }

    private Future<Void> setFault(JsonObject fault) {
        return web.post(server.actualPort(), "127.0.0.1", RiderDispatchSimulator.CONTROL_PREFIX + "/faults")
                .sendJsonObject(fault)
                .expecting(HttpResponseExpectation.SC_OK)
                .mapEmpty();
    }

    /** The events received so far for {@code tripId}, once {@code enough} holds. */
    private Future<List<RiderEvent>> eventsOf(String tripId, Predicate<List<RiderEvent>> enough) {
        return until(() -> enough.test(received(tripId))).map(v -> received(tripId));
    }

    private List<RiderEvent> received(String tripId) {
        return events.stream().filter(e -> e.tripId().equals(tripId)).toList();
    }

    private Future<Void> until(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        return poll(condition, deadline);
    }

    private Future<Void> poll(java.util.function.BooleanSupplier condition, long deadline) {
        if (condition.getAsBoolean()) {
            return Future.succeededFuture();
        }
        if (System.nanoTime() > deadline) {
            return Future.failedFuture(new AssertionError("still waiting after " + WAIT + "; events so far " + events));
        }
        return vertx.timer(20).compose(v -> poll(condition, deadline));
    }

    private static List<RiderEventType> types(List<RiderEvent> events) {
        return events.stream().map(RiderEvent::type).toList();
    }
}
