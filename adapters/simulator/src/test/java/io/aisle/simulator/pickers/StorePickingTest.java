package io.aisle.simulator.pickers;

import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.FleetServer;
import io.aisle.simulator.RunningFleet;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.fleet.Timings;
import io.aisle.simulator.legacyxml.LegacyXmlSimulator;
import io.aisle.simulator.partnerapi.PartnerApiSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Picking at the stores the gateway sends pick lists to, one subclass per partner kind: pick lists and
 * holds go in through the simulator's real API, signed pick results come out to an in-test receiver
 * standing in for the gateway. Picking takes a third of a second here.
 */
@ExtendWith(VertxExtension.class)
abstract class StorePickingTest {

    private static final Timings QUICK = new Timings(Duration.ofMillis(300), Duration.ofMillis(10), Duration.ofSeconds(8), Duration.ofSeconds(12));

    protected Vertx vertx;
    protected Fleet fleet;
    protected RunningFleet running;
    protected WebClient client;
    protected PickResultReceiver gateway;
    private int ids;

    /** The chain of the kind under test. */
    abstract String chainId();

    /** The id the chain knows the store by, which its callbacks carry. */
    abstract String chainStoreId(Store store);

    /** Takes a hold at the store through the chain's API. */
    abstract void takeHold(Store store, String holdId, String orderId, Map<Gtin, Integer> lines);

    /** Releases a hold at the store through the chain's API. */
    abstract void releaseHold(Store store, String holdId);

    /** Sends a pick list through the chain's API; true when the store says it is new. */
    abstract boolean submitPickList(Store store, PickList pickList);

    @BeforeEach
    void startFleet(Vertx vertx) throws TimeoutException {
        this.vertx = vertx;
        fleet = Fleet.build(FleetSpec.withStoresPerChain(4).withTimings(QUICK));
        gateway = PickResultReceiver.start(vertx, fleet);
        PickResultReporter reporter = new PickResultReporter(vertx, gateway.url(), fleet,
                PickResultReporter.Settings.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        StorePicking picking = new StorePicking(vertx, fleet, reporter);
        running = FleetServer.start(vertx, fleet, FleetServer.Options.ephemeral(),
                List.of(picking, new PartnerApiSimulator(fleet, picking), new LegacyXmlSimulator(fleet, picking))).await(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stopFleet() throws TimeoutException {
        client.close();
        running.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void reportsEveryLinePickedAndTakesTheHeldUnitsOffTheShelfForGood() {
        Store store = fleet.storesOf(chainId()).get(0);
        List<CatalogueItem> items = stocked(store, 10, 2);
        Gtin rice = items.get(0).gtin();
        Gtin oil = items.get(1).gtin();
        takeHold(store, "hold-1", "order-1", Map.of(rice, 2, oil, 1));
        takeHold(store, "hold-2", "order-2", Map.of(rice, 3));
        int riceAfterHolds = free(store, rice);
        int oilAfterHolds = free(store, oil);
        PickList pickList = pickList(store, line(rice, split("order-1", 2), split("order-2", 3)), line(oil, split("order-1", 1)));

        assertTrue(submitPickList(store, pickList));
        PickResult result = gateway.awaitResult(pickList.pickListId());

        assertTrue(result.ready());
        assertEquals(chainStoreId(store), result.storeId());
        assertEquals(List.of(picked("order-1", rice, 2), picked("order-2", rice, 3), picked("order-1", oil, 1)), result.lines());
        assertEquals(0, openHolds(store), "picking consumed both holds");
        assertEquals(riceAfterHolds, free(store, rice), "the held units were picked, nothing more");
        releaseHold(store, "hold-1");
        releaseHold(store, "hold-2");
        assertEquals(riceAfterHolds, free(store, rice), "releasing a picked hold gives nothing back");
        assertEquals(oilAfterHolds, free(store, oil));
        assertEquals(0, gateway.refusedSignatures());
        JsonObject stats = stats();
        assertEquals(1, stats.getLong("pickListsPicked"));
        assertEquals(1, stats.getLong("pickResultsPosted"));
    }

    @Test
    void reportsLinesShortWhenTheStoreIsMadeShortOnEveryLine() {
        Store store = fleet.storesOf(chainId()).get(1);
        List<CatalogueItem> items = stocked(store, 10, 2);
        Gtin first = items.get(0).gtin();
        Gtin second = items.get(1).gtin();
        takeHold(store, "hold-s", "order-s", Map.of(first, 4, second, 2));
        int firstAfterHold = free(store, first);
        setPicking(store, new JsonObject().put("shortShare", 1.0));
        PickList pickList = pickList(store, line(first, split("order-s", 4)), line(second, split("order-s", 2)));

        submitPickList(store, pickList);
        PickResult result = gateway.awaitResult(pickList.pickListId());

        assertTrue(result.ready());
        assertEquals(2, result.lines().size());
        for (PickResultLine line : result.lines()) {
            assertEquals(PickStatus.SHORT, line.status(), line.toString());
            assertTrue(line.picked() < line.requested(), line.toString());
        }
        assertEquals(0, openHolds(store), "what the picker did not find is written off, not held");
        assertEquals(firstAfterHold, free(store, first), "nor put back on the shelf");
        assertEquals(2, stats().getLong("pickLinesShort"));
    }

    @Test
    void substitutesAShortLineWithAProductOfTheSameCategoryAndSizeWhenAsked() {
        Store store = null;
        CatalogueItem original = null;
        for (Store candidate : fleet.storesOf(chainId())) {
            original = candidate.assortment().stream()
                    .filter(item -> free(candidate, item.gtin()) >= 3 && alternativeIn(candidate, item, 3))
                    .findFirst().orElse(null);
            if (original != null) {
                store = candidate;
                break;
            }
        }
        assertTrue(store != null, "some store of the chain has two products of one category and size");
        takeHold(store, "hold-x", "order-x", Map.of(original.gtin(), 3));
        setPicking(store, new JsonObject().put("shortShare", 1.0).put("substitute", true));
        PickList pickList = pickList(store, line(original.gtin(), split("order-x", 3)));

        submitPickList(store, pickList);
        PickResultLine line = gateway.awaitResult(pickList.pickListId()).lines().get(0);

        assertEquals(PickStatus.SUBSTITUTED, line.status());
        assertEquals(original.gtin(), line.gtin());
        assertTrue(line.picked() < 3);
        assertEquals(3 - line.picked(), line.substituteQuantity());
        CatalogueItem substitute = fleet.catalogue().find(line.substituteGtin()).orElseThrow();
        assertNotEquals(original.gtin(), substitute.gtin());
        assertEquals(original.category(), substitute.category());
        assertEquals(original.sizeClass(), substitute.sizeClass());
        assertEquals(store.price(substitute.gtin()).orElseThrow(), line.substituteUnitPrice());
        assertEquals(1, stats().getLong("pickLinesSubstituted"));
    }

    @Test
    void picksAndReportsAPickListSentTwiceOnlyOnce() {
        Store store = fleet.storesOf(chainId()).get(2);
        Gtin gtin = stocked(store, 10, 1).get(0).gtin();
        int before = free(store, gtin);
        PickList pickList = pickList(store, line(gtin, split("order-d", 2)));
        PickList later = pickList(store, line(gtin, split("order-e", 1)));

        assertTrue(submitPickList(store, pickList));
        assertFalse(submitPickList(store, pickList), "the store knows the list already");
        submitPickList(store, later);
        gateway.awaitResult(pickList.pickListId());
        gateway.awaitResult(later.pickListId());

        assertEquals(1, gateway.resultsFor(pickList.pickListId()));
        assertEquals(before - 3, free(store, gtin), "two units picked once, one for the later list");
        assertEquals(2, stats().getLong("pickListsPicked"));
    }

    @Test
    void reportsLaterWhenTheGatewayAnswersUnavailableAtFirst() {
        Store store = fleet.storesOf(chainId()).get(3);
        Gtin gtin = stocked(store, 5, 1).get(0).gtin();
        gateway.answer(503, 3);
        PickList pickList = pickList(store, line(gtin, split("order-r", 1)));

        submitPickList(store, pickList);
        PickResult result = gateway.awaitResult(pickList.pickListId());

        assertEquals(List.of(picked("order-r", gtin, 1)), result.lines());
        assertEquals(3, gateway.forcedAnswers());
        assertEquals(1, gateway.resultsFor(pickList.pickListId()));
        JsonObject stats = stats();
        assertEquals(3, stats.getLong("pickResultsFailed"));
        assertEquals(1, stats.getLong("pickResultsPosted"));
        assertEquals(0, stats.getLong("pickResultsAbandoned"));
    }

    @Test
    void holdsTheReportBackWhileTheStoreHangsAndSendsItOnceTheFaultIsCleared() {
        Store store = fleet.storesOf(chainId()).get(0);
        Gtin gtin = stocked(store, 5, 1).get(0).gtin();
        PickList pickList = pickList(store, line(gtin, split("order-h", 1)));

        submitPickList(store, pickList);
        control("/sim/stores/" + store.id() + "/faults", new JsonObject().put("mode", "hang"));
        eventually("the report to be held back", () -> stats().getLong("pickResultsWaiting") == 1);

        assertFalse(gateway.hasResult(pickList.pickListId()));
        control("/sim/stores/" + store.id() + "/faults", new JsonObject().put("mode", "none"));
        assertEquals(List.of(picked("order-h", gtin, 1)), gateway.awaitResult(pickList.pickListId()).lines());
        assertEquals(0, stats().getLong("pickResultsWaiting"));
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** {@code count} packaged products the store has at least {@code units} of free. */
    protected static List<CatalogueItem> stocked(Store store, int units, int count) {
        List<CatalogueItem> items = store.assortment().stream()
                .filter(item -> !item.loose() && store.available(item.gtin()).orElse(0) >= units)
                .limit(count).toList();
        assertEquals(count, items.size(), "the store stocks enough products");
        return items;
    }

    private boolean alternativeIn(Store store, CatalogueItem item, int units) {
        return fleet.catalogue().items().stream().anyMatch(other -> !other.gtin().equals(item.gtin())
                && other.category().equals(item.category()) && other.sizeClass().equals(item.sizeClass())
                && free(store, other.gtin()) >= units);
    }

    protected static int free(Store store, Gtin gtin) {
        return store.available(gtin).orElse(0);
    }

    protected PickList pickList(Store store, PickLine... lines) {
        ids++;
        return new PickList("pick-" + ids, store.id(), "wave-" + ids, Instant.now().plusSeconds(900), List.of(lines));
    }

    protected static PickLine line(Gtin gtin, OrderSplit... splits) {
        int quantity = 0;
        for (OrderSplit split : splits) {
            quantity += split.quantity();
        }
        return new PickLine(gtin, quantity, "dry-goods", "A01", List.of(splits));
    }

    protected static OrderSplit split(String orderId, int quantity) {
        return new OrderSplit(orderId, quantity);
    }

    private static PickResultLine picked(String orderId, Gtin gtin, int quantity) {
        return new PickResultLine(orderId, gtin, PickStatus.PICKED, quantity, quantity, null, 0, null);
    }

    private int openHolds(Store store) {
        return await(client.getAbs(running.baseUrl() + "/sim/stores/" + store.id() + "/holds").send())
                .bodyAsJsonObject().getJsonArray("holds").size();
    }

    protected void setPicking(Store store, JsonObject policy) {
        HttpResponse<Buffer> answer = control("/sim/stores/" + store.id() + "/picking", policy);
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
    }

    protected HttpResponse<Buffer> control(String path, JsonObject body) {
        return await(client.postAbs(running.baseUrl() + path).sendJsonObject(body));
    }

    protected JsonObject stats() {
        return await(client.getAbs(running.baseUrl() + "/sim/stats").send()).bodyAsJsonObject();
    }

    protected static <T> T await(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }
}
