package io.aisle.gateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aisle.adapters.dispatch.HttpRiderDispatchClient;
import io.aisle.adapters.dispatch.RiderDispatchEndpoint;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.order.HoldStore;
import io.aisle.gateway.order.IdempotencyKeyStore;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.picking.PickingService;
import io.aisle.gateway.picking.WaveStore;
import io.aisle.gateway.planning.trip.TripRules;
import io.aisle.gateway.planning.wave.WaveRules;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.store.StoreRegistry;
import io.aisle.gateway.testing.Infra;
import io.aisle.testing.StubServer;
import io.aisle.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Riders timed to the bags: an order still being picked gets its rider requested so that the rider arrives as its
 * bags are expected ready, stays PICKING while the rider is assigned, and when the bags are ready rider dispatch is
 * told and the order goes READY then DISPATCHED at once. An order picked before its rider was due is dispatched when
 * READY, as before; a leg waiting for a wave closes it early when its rider is expected.
 */
class AheadDispatchTest {

    private static final Duration APPROACH = Duration.ofMinutes(8);
    private static final Gtin RICE = Gtin.fromPrefix("690000000041");
    private static Infra infra;
    private static StubServer stubs;
    private static WireMockServer riderDispatch;
    private static TestClock clock;
    private static DispatchService dispatch;
    private static AheadDispatch ahead;
    private static PickingService picking;
    private static HttpRiderDispatchClient riders;
    private static TripSender sender;
    private static SimpleMeterRegistry meters;
    private static Map<Gtin, Product> products;
    private static final WaveRules WAVES = new WaveRules(Duration.ofMinutes(5), 8, 200, Duration.ofSeconds(20), Duration.ofMinutes(2));

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        stubs = StubServer.start();
        riderDispatch = stubs.wireMock();
        insertClient(infra.pg, "app-one", null, null);
        sql("insert into chains (chain_id, name, kind) values ('ahead-chain', 'Ahead', 'AISLE_PARTNER_API')");
        sql("insert into stores (store_id, chain_id, partner_store_id, name, lat, lon) values "
                + "('ahead-a', 'ahead-chain', 'ahead-a', 'Ahead A', 30.590, 114.300), "
                + "('ahead-b', 'ahead-chain', 'ahead-b', 'Ahead B', 30.592, 114.302)");
        sql("insert into products (gtin, name, category, size_class, unit) values ('" + RICE.value() + "', 'Rice', 'rice', '5kg', 'bag')");
        clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        meters = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(meters);
        OrderStore orders = new OrderStore();
        OrderChanges changes = new OrderChanges(infra.pg, orders, new HoldStore(), new IdempotencyKeyStore(), clock,
                Duration.ofSeconds(30), () -> { });
        StoreRegistry registry = new StoreRegistry(infra.pg, infra.redis, new ReferenceVersions(infra.redis));
        TripRules rules = TripRules.DEFAULTS.withRiderApproach(APPROACH);
        dispatch = new DispatchService(infra.pg, orders, changes, new TripStore(), registry, rules, clock, () -> { }, metrics);
        ahead = new AheadDispatch(infra.pg, orders, changes, new TripStore(), registry, dispatch, rules, clock, () -> { });
        ProductCatalog catalog = new ProductCatalog(infra.pg, new ReferenceVersions(infra.redis));
        picking = new PickingService(infra.pg, orders, changes, new WaveStore(), catalog, WAVES, clock, () -> { },
                ready -> dispatch.dispatch(ready), metrics, ahead);
        products = await(catalog.byGtins(List.of(RICE)));
        riders = new HttpRiderDispatchClient(infra.vertx, RiderDispatchEndpoint.of(riderDispatch.baseUrl() + "/rider-dispatch",
                "test-rider-key"));
        sender = new TripSender(riders);
    }

    @AfterAll
    static void stop() {
        riders.close();
        stubs.close();
        infra.close();
    }

    @Test
    void anOrderBeingPickedGetsItsRiderAheadAndIsDispatchedAsSoonAsItsBagsAreReady() {
        String orderId = "ahead-" + UUID.randomUUID();
        Instant expectedReady = clock.instant().plus(Duration.ofMinutes(10));
        String pickList = pickingOrder(orderId, "ahead-a", expectedReady);

        await(ahead.sweep());
        assertEquals(List.of(), tripsOf(orderId), "ten minutes before the bags, an eight-minute ride is not due yet");

        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        await(ahead.sweep());
        List<String> trips = tripsOf(orderId);
        assertEquals(1, trips.size(), "eight minutes before the bags are expected, the rider is requested");
        String tripId = trips.get(0);
        TripRequest asked = tripRequest(tripId);
        Pickup pickup = asked.pickups().get(0);
        assertTrue(pickup.awaitsReadyNotice(), "the pickup says its bags are still being picked");
        assertEquals(expectedReady, pickup.readyAt(), "the rider is asked to be there when the bags are expected");
        assertEquals("PICKING", status(orderId), "requesting the rider changes nothing the customer sees");
        await(ahead.sweep());
        assertEquals(1, tripsOf(orderId).size(), "an order on a live trip is not requested again");

        await(dispatch.onEvent(event(tripId, RiderEventType.ASSIGNED, null)));
        assertEquals("PICKING", status(orderId), "an assigned rider does not make bags still being picked ready");

        clock.advance(Duration.ofMinutes(7));
        await(picking.onPickResult(result(pickList, "ahead-a", orderId), products));
        assertEquals("DISPATCHED", status(orderId), "bags ready with a rider assigned: on its way at once");
        assertEquals(List.of("READY", "DISPATCHED"), transitions(orderId), "from PICKING: no status skipped, none undone");

        // the notice is queued after the trip's own request, on the trip's aggregate, and reaches rider dispatch
        List<OutboxMessage> toRiders = outbox(tripId);
        assertEquals(2, toRiders.size());
        assertTrue(toRiders.get(0).payload().containsKey("trip"));
        OutboxMessage notice = toRiders.get(1);
        assertEquals(tripId, notice.payload().getString("tripId"));
        riderDispatch.stubFor(post(urlEqualTo("/rider-dispatch/v1/trips/" + tripId + "/ready")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"tripId\":\"" + tripId + "\",\"status\":\"ASSIGNED\"}")));
        await(sender.handle(notice));
        riderDispatch.verify(1, postRequestedFor(urlEqualTo("/rider-dispatch/v1/trips/" + tripId + "/ready"))
                .withRequestBody(equalToJson("{\"pickupIds\": [\"" + pickup.pickupId() + "\"], \"orderIds\": [\"" + orderId
                        + "\"], \"readyAt\": \"" + clock.instant() + "\"}")));

        // the rider arrived a little early and waited for the bags: measured from what rider dispatch reports
        long before = meters.get("aisle.rider.wait").timer().count();
        Instant arrived = clock.instant().minusSeconds(40);
        await(dispatch.onEvent(new RiderEvent(UUID.randomUUID().toString(), tripId, RiderEventType.PICKED_UP, clock.instant().plusSeconds(30),
                "rider-7", pickup.pickupId(), null, null, null, arrived, clock.instant())));
        assertEquals("PICKED_UP", status(orderId));
        assertEquals(before + 1, meters.get("aisle.rider.wait").timer().count());
        assertEquals(40.0, meters.get("aisle.rider.wait").timer().max(TimeUnit.SECONDS), 0.001);
        assertEquals(0.0, meters.get("aisle.bag.wait").timer().max(TimeUnit.SECONDS), 0.001);
    }

    @Test
    void anOrderWhoseBagsAreReadyBeforeItsRiderIsDueIsDispatchedWhenReadyAsBefore() {
        String orderId = "ahead-" + UUID.randomUUID();
        String pickList = pickingOrder(orderId, "ahead-a", clock.instant().plus(Duration.ofMinutes(30)));

        await(picking.onPickResult(result(pickList, "ahead-a", orderId), products));
        // dispatch of ready orders runs after the commit: wait for its trip
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tripsOf(orderId).isEmpty() && System.nanoTime() < giveUp) {
            await(infra.vertx.timer(20));
        }
        List<String> trips = tripsOf(orderId);
        assertEquals(1, trips.size(), "dispatched when ready");
        assertFalse(tripRequest(trips.get(0)).pickups().get(0).awaitsReadyNotice(), "its bags are ready: no notice will follow");
        assertEquals(1, outbox(trips.get(0)).size(), "only the trip's request, no ready notice");
        assertEquals("READY", status(orderId));
        await(dispatch.onEvent(event(trips.get(0), RiderEventType.ASSIGNED, null)));
        assertEquals("DISPATCHED", status(orderId));
    }

    @Test
    void aTripRequestedAheadThatFailsLeavesItsOrderPickingAndAnotherRiderIsRequested() {
        String orderId = "ahead-" + UUID.randomUUID();
        pickingOrder(orderId, "ahead-a", clock.instant().plus(Duration.ofMinutes(5)));
        await(ahead.sweep());
        String first = tripsOf(orderId).get(0);

        await(dispatch.onEvent(new RiderEvent(UUID.randomUUID().toString(), first, RiderEventType.FAILED, clock.instant(), "rider-7",
                null, null, "rider fell ill")));
        assertEquals("PICKING", status(orderId), "a failed trip does not make bags still being picked ready");
        assertEquals(List.of(), transitions(orderId));

        await(ahead.sweep());
        List<String> trips = tripsOf(orderId);
        assertEquals(2, trips.size(), "another rider is requested");
        assertTrue(trips.get(1).endsWith("-a2"), "a second attempt: " + trips);
    }

    @Test
    void aLegWaitingForAWaveClosesItEarlyWhenTheRiderOfItsOrderIsExpected() {
        // a split order: its leg at store A is being picked, ready in four minutes; its leg at store B waits for a wave
        String orderId = "ahead-" + UUID.randomUUID();
        pickingOrder(orderId, "ahead-a", clock.instant().plus(Duration.ofMinutes(4)));
        sql("insert into order_legs (order_id, store_id, status, subtotal, currency, lines) values ('" + orderId
                + "', 'ahead-b', 'HELD', 1990, 'CNY', '" + StoredJson.array(List.of(LegLine.of(RICE, 1, Money.fen(1990)))).encode() + "')");

        // the five-minute window is far off; picking one line takes 2 min 20 s: the rider, due in four minutes, would
        // otherwise wait at store B
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, await(picking.closeDueWaves()), "with 3 minutes left there is time to wait for other orders");
        clock.advance(Duration.ofSeconds(41));
        assertEquals(1, await(picking.closeDueWaves()));
        Row wave = await(infra.pg.preparedQuery("select w.reason, w.expected_ready_at from waves w join order_legs l on l.wave_id = w.wave_id "
                + "where l.order_id = $1 and l.store_id = 'ahead-b'").execute(Tuple.of(orderId))).iterator().next();
        assertEquals("RIDER", wave.getString("reason"));
        assertFalse(wave.getOffsetDateTime("expected_ready_at").toInstant().isAfter(clock.instant().plus(Duration.ofMinutes(2)).plusSeconds(20)),
                "its bags are expected when the rider comes");
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    /** An order in PICKING with one leg at {@code storeId} in a submitted wave expected ready at {@code expectedReady}; its pick list id. */
    private static String pickingOrder(String orderId, String storeId, Instant expectedReady) {
        io.vertx.core.json.JsonArray lines = StoredJson.array(List.of(LegLine.of(RICE, 1, Money.fen(1990))));
        sql("insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, accept_partial, request, "
                + "total_amount, currency, confirmed_at) values ('" + orderId + "', 'app-one', 'hh-1', 'PICKING', 30.595, 114.305, true, '{}', "
                + "1990, 'CNY', '" + clock.instant() + "')");
        sql("insert into order_lines (order_id, line_no, gtin, quantity, substitution) values ('" + orderId + "', 0, '" + RICE.value()
                + "', 1, '{\"mode\": \"NONE\"}')");
        String wave = "w-" + orderId;
        String pickList = "pl-" + orderId;
        await(infra.pg.preparedQuery("""
                insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, pick_list)
                values ($1, $2, $3, 'SUBMITTED', 'WINDOW', $4, $5, '{}')""")
                .execute(Tuple.of(wave, storeId, pickList, clock.instant().atOffset(ZoneOffset.UTC), expectedReady.atOffset(ZoneOffset.UTC))));
        await(infra.pg.preparedQuery("""
                insert into order_legs (order_id, store_id, status, subtotal, currency, lines, wave_id)
                values ($1, $2, 'PICKING', 1990, 'CNY', $3, $4)""").execute(Tuple.of(orderId, storeId, lines, wave)));
        return pickList;
    }

    private static PickResult result(String pickListId, String storeId, String orderId) {
        return new PickResult(pickListId, storeId, true, clock.instant(),
                List.of(new PickResultLine(orderId, RICE, PickStatus.PICKED, 1, 1, null, 0, null)));
    }

    private static RiderEvent event(String tripId, RiderEventType type, String pickupId) {
        return new RiderEvent(UUID.randomUUID().toString(), tripId, type, clock.instant(), "rider-7", pickupId, null, null);
    }

    private static List<String> tripsOf(String orderId) {
        List<String> ids = new ArrayList<>();
        await(infra.pg.preparedQuery("select t.trip_id from trip_orders t join trips r on r.trip_id = t.trip_id where t.order_id = $1 "
                + "order by r.created_at, r.attempt").execute(Tuple.of(orderId))).forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    private static TripRequest tripRequest(String tripId) {
        return StoredJson.read(await(infra.pg.preparedQuery("select request from trips where trip_id = $1").execute(Tuple.of(tripId)))
                .iterator().next().getJsonObject(0), TripRequest.class);
    }

    /** The outbox rows for the trip (its aggregate), in the order they are sent. */
    private static List<OutboxMessage> outbox(String tripId) {
        RowSet<Row> rows = await(infra.pg.preparedQuery("select topic, aggregate_id, external_id, payload from outbox "
                + "where topic = $1 and aggregate_id = $2 order by id").execute(Tuple.of(DispatchService.TRIP_TOPIC, tripId)));
        List<OutboxMessage> messages = new ArrayList<>();
        rows.forEach(row -> messages.add(new OutboxMessage(row.getString(0), row.getString(1), row.getString(2), row.getJsonObject(3))));
        return messages;
    }

    private static String status(String orderId) {
        return await(infra.pg.preparedQuery("select status from orders where order_id = $1").execute(Tuple.of(orderId)))
                .iterator().next().getString(0);
    }

    private static List<String> transitions(String orderId) {
        List<String> statuses = new ArrayList<>();
        await(infra.pg.preparedQuery("select status from order_transitions where order_id = $1 order by seq").execute(Tuple.of(orderId)))
                .forEach(row -> statuses.add(row.getString(0)));
        return statuses;
    }

    private static void sql(String statement) {
        await(infra.pg.query(statement).execute());
    }
}
