package io.aisle.gateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aisle.adapters.dispatch.HttpRiderDispatchClient;
import io.aisle.adapters.dispatch.RiderDispatchEndpoint;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.order.HoldStore;
import io.aisle.gateway.order.IdempotencyKeyStore;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.planning.trip.TripRules;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.store.StoreRegistry;
import io.aisle.gateway.testing.Infra;
import io.aisle.testing.StubServer;
import io.aisle.testing.TestClock;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rider events are pushed to us, and rider dispatch retries each only for a while: those it gave up
 * while the gateway was down must not leave orders in flight for good. A pickup or delivery whose
 * ASSIGNED never came still moves the order on, and a trip that has gone quiet is read back from rider
 * dispatch and what it says applied, once, however late the real events come.
 */
class LostRiderEventsTest {

    private static final Duration QUIET = Duration.ofMinutes(2);
    private static final GeoPoint STORE = new GeoPoint(30.59, 114.30);
    private static final GeoPoint HOME = new GeoPoint(30.60, 114.31);
    private static Infra infra;
    private static StubServer stubs;
    private static WireMockServer riderDispatch;
    private static TestClock clock;
    private static DispatchService dispatch;
    private static TripReasker reasker;
    private static HttpRiderDispatchClient riders;

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        stubs = StubServer.start();
        riderDispatch = stubs.wireMock();
        insertClient(infra.pg, "app-one", null, null);
        clock = new TestClock(Instant.now());
        OrderStore orders = new OrderStore();
        OrderChanges changes = new OrderChanges(infra.pg, orders, new HoldStore(), new IdempotencyKeyStore(), clock,
                Duration.ofSeconds(30), () -> { });
        dispatch = new DispatchService(infra.pg, orders, changes, new TripStore(),
                new StoreRegistry(infra.pg, infra.redis, new ReferenceVersions(infra.redis)), TripRules.DEFAULTS, clock, () -> { });
        riders = new HttpRiderDispatchClient(infra.vertx, RiderDispatchEndpoint.of(riderDispatch.baseUrl() + "/rider-dispatch",
                "test-rider-key"));
        reasker = new TripReasker(infra.pg, new TripStore(), riders, dispatch, clock, QUIET);
    }

    @AfterAll
    static void stop() {
        riders.close();
        stubs.close();
        infra.close();
    }

    @Test
    void aPickupAndADeliveryWhoseAssignmentWasLostStillDeliverTheOrder() {
        String orderId = readyOrderOnTrip("trip-no-assigned");

        await(dispatch.onEvent(event("trip-no-assigned", RiderEventType.PICKED_UP, "pickup-1", null)));
        assertEquals("PICKED_UP", status(orderId), "a pickup says the trip was assigned");
        await(dispatch.onEvent(event("trip-no-assigned", RiderEventType.DELIVERED, null, orderId)));

        assertEquals("DELIVERED", status(orderId));
        assertEquals(List.of("DISPATCHED", "PICKED_UP", "DELIVERED"), transitions(orderId),
                "the super-app sees every step, in order");
        assertEquals("DELIVERED", tripStatus("trip-no-assigned"));
    }

    @Test
    void aQuietTripIsReadBackFromRiderDispatchAndItsDeliveryAppliedOnce() {
        String orderId = readyOrderOnTrip("trip-quiet");
        await(dispatch.onEvent(event("trip-quiet", RiderEventType.ASSIGNED, null, null)));
        riderDispatch.stubFor(get(urlEqualTo("/rider-dispatch/v1/trips/trip-quiet")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tripId\":\"trip-quiet\",\"status\":\"DELIVERED\",\"riderId\":\"rider-7\"}")));

        await(reasker.runOnce());
        assertEquals(0, riderDispatch.findAll(getRequestedFor(urlEqualTo("/rider-dispatch/v1/trips/trip-quiet"))).size(),
                "a trip is not asked about before it has been quiet for a while");
        assertEquals("DISPATCHED", status(orderId));

        clock.advance(QUIET.plusSeconds(1));
        await(reasker.runOnce());

        assertEquals("DELIVERED", status(orderId), "the delivery rider dispatch gave up telling us is read back");
        assertEquals("DELIVERED", tripStatus("trip-quiet"));
        assertEquals(List.of("DISPATCHED", "PICKED_UP", "DELIVERED"), transitions(orderId));

        await(dispatch.onEvent(event("trip-quiet", RiderEventType.DELIVERED, null, orderId)));
        clock.advance(QUIET.plusSeconds(1));
        await(reasker.runOnce());
        assertEquals(3, transitions(orderId).size(), "the real event, come late, changes nothing");
        assertEquals(1, riderDispatch.findAll(getRequestedFor(urlEqualTo("/rider-dispatch/v1/trips/trip-quiet"))).size(),
                "a delivered trip is not asked about again");
    }

    @Test
    void aTripRiderDispatchDoesNotKnowFailsSoItsOrderIsDispatchedAgainAndItsLateEventsAreIgnored() {
        String orderId = readyOrderOnTrip("trip-forgotten");
        await(dispatch.onEvent(event("trip-forgotten", RiderEventType.ASSIGNED, null, null)));
        riderDispatch.stubFor(get(urlEqualTo("/rider-dispatch/v1/trips/trip-forgotten")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"unknown trip\"}")));

        clock.advance(QUIET.plusSeconds(1));
        await(reasker.runOnce());

        assertEquals("FAILED", tripStatus("trip-forgotten"));
        assertEquals("READY", status(orderId), "the order waits for another trip (the sweep dispatches it again)");
        await(dispatch.onEvent(event("trip-forgotten", RiderEventType.PICKED_UP, "pickup-1", null)));
        assertEquals("READY", status(orderId), "an event of the failed trip, come late, moves nothing");
    }

    @Test
    void whileRiderDispatchIsAwayNothingChangesAndTheTripIsAskedAboutAgainLater() {
        String orderId = readyOrderOnTrip("trip-away");
        await(dispatch.onEvent(event("trip-away", RiderEventType.ASSIGNED, null, null)));
        riderDispatch.stubFor(get(urlEqualTo("/rider-dispatch/v1/trips/trip-away")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "1")));

        clock.advance(QUIET.plusSeconds(1));
        await(reasker.runOnce());
        assertEquals("DISPATCHED", status(orderId));
        assertEquals("ASSIGNED", tripStatus("trip-away"));

        riderDispatch.stubFor(get(urlEqualTo("/rider-dispatch/v1/trips/trip-away")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tripId\":\"trip-away\",\"status\":\"CANCELLED\"}")));
        clock.advance(QUIET.plusSeconds(1));
        await(reasker.runOnce());
        assertEquals("CANCELLED", tripStatus("trip-away"));
        assertEquals("READY", status(orderId), "a trip rider dispatch cancelled puts its order back to READY");
    }

    @Test
    void aTripStillBeingSentIsNotAskedAboutSoItsOrderIsNotDispatchedTwice() {
        String orderId = readyOrderOnTrip("trip-unsent");
        // rider dispatch was away when the trip was asked for: its outbox row waits in backoff
        await(infra.pg.preparedQuery("insert into outbox (topic, aggregate_id, external_id, payload, attempts, next_attempt_at) "
                + "values ($1, 'trip-unsent', 'trip-unsent', '{}', 4, now() + interval '1 minute')").execute(Tuple.of(DispatchService.TRIP_TOPIC)));
        riderDispatch.stubFor(get(urlEqualTo("/rider-dispatch/v1/trips/trip-unsent")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"unknown trip\"}")));

        clock.advance(QUIET.plusSeconds(1));
        await(reasker.runOnce());

        assertEquals(0, riderDispatch.findAll(getRequestedFor(urlEqualTo("/rider-dispatch/v1/trips/trip-unsent"))).size(),
                "rider dispatch cannot know a trip not sent yet: it is not asked");
        assertEquals("REQUESTED", tripStatus("trip-unsent"), "the trip stays, to be sent when rider dispatch is back");
        assertEquals("READY", status(orderId));
    }

    /** A READY order on a live trip of one pickup ({@code pickup-1}) and one drop-off. */
    private static String readyOrderOnTrip(String tripId) {
        String orderId = "o-" + UUID.randomUUID();
        await(infra.pg.preparedQuery("insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, "
                + "accept_partial, request, total_amount, currency) values ($1, 'app-one', $2, 'READY', 30.60, 114.31, true, '{}', 1990, 'CNY')")
                .execute(Tuple.of(orderId, "hh-" + tripId)));
        TripRequest trip = new TripRequest(tripId, PriorityClass.STANDARD,
                List.of(new Pickup("pickup-1", "store-1", STORE, clock.instant(), List.of(new Parcel(orderId, 1, 500)))),
                List.of(new DropoffStop(orderId, HOME, false, null)));
        await(new TripStore().insert(infra.pg, trip, 1, List.of(orderId)));
        return orderId;
    }

    private static RiderEvent event(String tripId, RiderEventType type, String pickupId, String orderId) {
        return new RiderEvent(UUID.randomUUID().toString(), tripId, type, clock.instant(), "rider-7", pickupId, orderId, null);
    }

    private static String status(String orderId) {
        return row("select status from orders where order_id = $1", orderId).getString(0);
    }

    private static String tripStatus(String tripId) {
        return row("select status from trips where trip_id = $1", tripId).getString(0);
    }

    private static List<String> transitions(String orderId) {
        List<String> moves = new ArrayList<>();
        await(infra.pg.preparedQuery("select status from order_transitions where order_id = $1 order by seq")
                .execute(Tuple.of(orderId))).forEach(r -> moves.add(r.getString(0)));
        return moves;
    }

    private static Row row(String sql, String id) {
        return await(infra.pg.preparedQuery(sql).execute(Tuple.of(id))).iterator().next();
    }
}
