package io.aisle.adapters.pushonly;

import static io.aisle.adapters.pushonly.PushOnlyAdapterTest.id;
import static io.aisle.adapters.pushonly.PushOnlyAdapterTest.line;
import static io.aisle.adapters.pushonly.PushOnlyAdapterTest.split;
import static io.aisle.adapters.pushonly.SimulatedPushChain.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Store;
import io.aisle.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulated push-only chain against the real ingest over HTTP: what it pushes, pulls and reports, and its faults. */
@ExtendWith(VertxExtension.class)
class PushOnlySimulatorTest {

    private static SimulatedPushChain chain;

    @BeforeAll
    static void start(Vertx vertx) {
        chain = new SimulatedPushChain(vertx, TestRedis.freshDatabase(), 6, PushOnlySettings.defaults().withStaleAfter(Duration.ofMinutes(2)));
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @AfterEach
    void clearFaults() {
        chain.fleet().clearFaults();
    }

    @Test
    void everyStoreOfThePushOnlyChainPushesASnapshotOfItsShelves() {
        for (Store store : chain.pushOnlyStores()) {
            StockPush snapshot = chain.awaitFreshSnapshot(ref(store));

            assertEquals(store.assortment().size(), snapshot.items().size(), "every product the store sells");
            for (StockItem item : snapshot.items()) {
                assertEquals(store.available(item.gtin()).getAsInt(), item.available(), store.id() + " " + item.gtin());
                assertEquals(store.price(item.gtin()).orElseThrow(), item.unitPrice());
            }
        }
    }

    @Test
    void keepsPushingSnapshotsWithGrowingSequences() {
        StoreRef store = ref(chain.pushOnlyStores().get(0));
        long first = chain.awaitFreshSnapshot(store).sequence();

        eventually("a later snapshot", () -> chain.receiver().lastSnapshot(store.storeId()).orElseThrow().sequence() > first);
    }

    @Test
    void pullsAPickListPicksItPushesTheNewLevelAndReportsItReady() {
        StoreRef store = ref(chain.pushOnlyStores().get(1));
        Store simulated = chain.simulated(store);
        Gtin gtin = productWith(simulated, 5);
        int before = simulated.available(gtin).getAsInt();
        chain.awaitFreshSnapshot(store);
        PickList list = new PickList(id("pick"), store.storeId(), id("wave"), null, List.of(line(gtin, split("order-a", 2), split("order-b", 1))));

        await(chain.adapter().submitPickList(store, list));

        eventually("the pick result of " + list.pickListId(), () -> resultOf(list).isPresent());
        PickResult result = resultOf(list).orElseThrow();
        assertTrue(result.ready());
        assertEquals(List.of(new PickResultLine("order-a", gtin, PickStatus.PICKED, 2, 2, null, 0, null),
                new PickResultLine("order-b", gtin, PickStatus.PICKED, 1, 1, null, 0, null)), result.lines());
        assertEquals(before - 3, simulated.available(gtin).getAsInt());
        eventually("the picked level pushed to the gateway", () -> levelThroughAdapter(store, gtin) == before - 3);
        assertTrue(simulated.pickLists().contains(list));
        assertTrue(await(chain.adapter().pendingPickLists(store)).isEmpty(), "a ready list is no longer pulled");
    }

    @Test
    void reportsShortWhatTheShelfDoesNotHave() {
        StoreRef store = ref(chain.pushOnlyStores().get(2));
        Store simulated = chain.simulated(store);
        Gtin gtin = productWith(simulated, 1);
        simulated.setAvailable(gtin, 1);
        PickList list = new PickList(id("pick"), store.storeId(), id("wave"), null, List.of(line(gtin, split("order-a", 1), split("order-b", 2))));

        await(chain.adapter().submitPickList(store, list));

        eventually("the pick result of " + list.pickListId(), () -> resultOf(list).isPresent());
        assertEquals(List.of(new PickResultLine("order-a", gtin, PickStatus.PICKED, 1, 1, null, 0, null),
                new PickResultLine("order-b", gtin, PickStatus.SHORT, 2, 0, null, 0, null)), resultOf(list).orElseThrow().lines());
        assertEquals(0, simulated.available(gtin).getAsInt());
    }

    @Test
    void aStoreWhoseSystemIsDownStopsPushingAndStartsAgainOnceItIsBack() throws InterruptedException {
        StoreRef down = ref(chain.pushOnlyStores().get(3));
        StoreRef up = ref(chain.pushOnlyStores().get(4));
        chain.awaitFreshSnapshot(down);
        chain.fleet().setStoreFault(chain.simulated(down), Fault.of(FaultMode.ERROR, 0));
        Thread.sleep(SimulatedPushChain.PUSH_PERIOD.toMillis());
        long lastOfDown = chain.lastApplied(down).orElseThrow().sequence();
        long lastOfUp = chain.lastApplied(up).orElseThrow().sequence();

        eventually("three more pushes of a working store", () -> chain.lastApplied(up).orElseThrow().sequence() > lastOfUp + 2);

        assertEquals(lastOfDown, chain.lastApplied(down).orElseThrow().sequence(), "nothing from the store that is down");
        chain.fleet().setStoreFault(chain.simulated(down), Fault.NONE);
        eventually("pushes once the store is back", () -> chain.lastApplied(down).orElseThrow().sequence() > lastOfDown);
    }

    @Test
    void aGarblingStorePushesBodiesTheGatewayRefusesAndItsLastSnapshotStands() {
        StoreRef store = ref(chain.pushOnlyStores().get(5));
        chain.awaitFreshSnapshot(store);
        int refusedBefore = chain.receiver().refusals(Reason.MALFORMED);

        chain.fleet().setStoreFault(chain.simulated(store), Fault.of(FaultMode.GARBAGE, 0));

        // a good push already on its way when the fault was set may still land: the snapshot that stands is the
        // last one accepted before the first garbled push was refused
        eventually("a garbled push refused", () -> chain.receiver().refusals(Reason.MALFORMED) > refusedBefore);
        StockPush good = chain.receiver().lastSnapshot(store.storeId()).orElseThrow();
        int refusedNow = chain.receiver().refusals(Reason.MALFORMED);
        eventually("two more garbled pushes refused", () -> chain.receiver().refusals(Reason.MALFORMED) >= refusedNow + 2);
        assertEquals(good.sequence(), chain.receiver().lastSnapshot(store.storeId()).orElseThrow().sequence());
        StockItem first = good.items().get(0);
        assertEquals(first.available(), levelThroughAdapter(store, first.gtin()));
    }

    @Test
    void anOutOfStockStorePushesZeroLevels() {
        StoreRef store = ref(chain.pushOnlyStores().get(0));
        chain.awaitFreshSnapshot(store);

        chain.fleet().setStoreFault(chain.simulated(store), Fault.of(FaultMode.OUTOFSTOCK, 0));

        eventually("a snapshot of zero levels", () -> {
            StockPush last = chain.receiver().lastSnapshot(store.storeId()).orElseThrow();
            return !last.items().isEmpty() && last.items().stream().allMatch(item -> item.available() == 0);
        });
        assertFalse(chain.simulated(store).assortment().isEmpty());
    }

    @Test
    void countsPushesPullsAndResultsInTheFleetStats(Vertx vertx) {
        chain.awaitFreshSnapshot(ref(chain.pushOnlyStores().get(0)));
        WebClient client = WebClient.create(vertx);
        try {
            JsonObject stats = await(client.getAbs(chain.running().baseUrl() + "/sim/stats").send()
                    .expecting(HttpResponseExpectation.SC_OK)).bodyAsJsonObject();

            assertTrue(stats.getLong("stockSnapshotsPushed") > 0, stats.encode());
            assertTrue(stats.getLong("pickListPolls") > 0, stats.encode());
            assertTrue(stats.containsKey("stockDeltasPushed") && stats.containsKey("pickResultsPosted") && stats.containsKey("stockPushesRefused"),
                    stats.encode());
        } finally {
            client.close();
        }
    }

    @Test
    void pushesASnapshotOnRequestOfTheControlApi(Vertx vertx) {
        StoreRef store = ref(chain.pushOnlyStores().get(2));
        WebClient client = WebClient.create(vertx);
        try {
            await(client.postAbs(chain.running().baseUrl() + "/sim/push-only/stores/" + store.storeId() + "/push").send()
                    .expecting(HttpResponseExpectation.SC_ACCEPTED));
            assertEquals(404, await(client.postAbs(chain.running().baseUrl() + "/sim/push-only/stores/aisle-mart-0001/push").send()).statusCode());
        } finally {
            client.close();
        }
        chain.awaitFreshSnapshot(store);
    }

    @Test
    void stoppingTheFleetStopsThePushing(Vertx vertx) throws InterruptedException {
        // Its own Redis database: its stores have the ids of the shared chain's, with later sequences.
        try (SimulatedPushChain own = new SimulatedPushChain(vertx, TestRedis.freshDatabase(), 2, chain.settings())) {
            StoreRef store = ref(own.pushOnlyStores().get(0));
            own.awaitFreshSnapshot(store);

            await(own.running().stop());
            Thread.sleep(SimulatedPushChain.PUSH_PERIOD.toMillis());
            long last = own.lastApplied(store).orElseThrow().sequence();
            Thread.sleep(SimulatedPushChain.PUSH_PERIOD.toMillis() * 3);

            assertEquals(last, own.lastApplied(store).orElseThrow().sequence(), "no push after the fleet stopped");
        }
    }

    private static Optional<PickResult> resultOf(PickList list) {
        return chain.receiver().pickResults().stream().filter(result -> result.pickListId().equals(list.pickListId())).findFirst();
    }

    private static int levelThroughAdapter(StoreRef store, Gtin gtin) {
        return await(chain.adapter().queryStock(store, new StockQuery(List.of(gtin)))).items().get(0).available();
    }

    private static Gtin productWith(Store store, int units) {
        return store.assortment().stream().map(CatalogueItem::gtin)
                .filter(gtin -> store.available(gtin).getAsInt() >= units).findFirst().orElseThrow();
    }

    private static StoreRef ref(Store store) {
        return new StoreRef(store.id(), SimulatedPushChain.CHAIN);
    }
}
