package io.aisle.adapters.pushonly;

import static io.aisle.adapters.pushonly.PushOnlyFixture.EGGS;
import static io.aisle.adapters.pushonly.PushOnlyFixture.FLOUR;
import static io.aisle.adapters.pushonly.PushOnlyFixture.NOT_SOLD;
import static io.aisle.adapters.pushonly.PushOnlyFixture.RICE;
import static io.aisle.adapters.pushonly.ScriptedChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push-only adapter on a real Redis: answers from pushed snapshots, soft holds, pick lists to pull, cancel. */
class PushOnlyAdapterTest extends WiredPushOnlyTest {

    private PushOnlyAdapter adapter;

    @BeforeEach
    void takeTheAdapter() {
        adapter = fixture.adapter;
    }

    // --- stock -------------------------------------------------------------------------------------

    @Test
    void answersFromTheLatestSnapshotWithoutCallingTheChain() {
        fixture.stocked(store);

        StockAnswer answer = await(adapter.queryStock(store, new StockQuery(List.of(RICE, EGGS))));

        assertEquals(store.storeId(), answer.storeId());
        assertEquals(fixture.clock.instant(), answer.asOf());
        assertEquals(List.of(new StockItem(RICE, 10, ScriptedChain.priceOf(RICE)), new StockItem(EGGS, 5, ScriptedChain.priceOf(EGGS))),
                answer.items());
        assertEquals(PartnerKind.PUSH_ONLY, adapter.kind());
    }

    @Test
    void leavesOutProductsTheSnapshotDoesNotList() {
        fixture.stocked(store);

        StockAnswer answer = await(adapter.queryStock(store, new StockQuery(List.of(RICE, NOT_SOLD))));

        assertEquals(List.of(RICE), answer.items().stream().map(StockItem::gtin).toList());
    }

    @Test
    void reportsAStoreThatNeverPushedUnavailable() {
        PartnerFailure failure = assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter.queryStock(store, new StockQuery(List.of(RICE))));

        assertTrue(failure.getMessage().contains("no stock snapshot"), failure.getMessage());
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter.hold(store, hold(RICE, 1)));
    }

    @Test
    void reportsAStaleSnapshotUnavailableAndHoldsNothingAgainstIt() {
        fixture.stocked(store);

        fixture.clock.advance(fixture.settings.staleAfter().plusSeconds(1));

        PartnerFailure failure = assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter.queryStock(store, new StockQuery(List.of(RICE))));
        assertTrue(failure.getMessage().contains("older than"), failure.getMessage());
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter.hold(store, hold(RICE, 1)));
        assertTrue(await(adapter.openHolds(store)).isEmpty());
    }

    @Test
    void refusesStoresTheChainDoesNotHave() {
        fixture.stocked(store);
        StoreRef unknown = new StoreRef("testfresh-99", PushOnlyFixture.CHAIN);
        StoreRef otherChain = new StoreRef(store.storeId(), "aisle-mart");

        assertFailure(PartnerFailure.Kind.REJECTED, adapter.queryStock(unknown, new StockQuery(List.of(RICE))));
        assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(otherChain, hold(RICE, 1)));
    }

    // --- soft holds --------------------------------------------------------------------------------

    @Test
    void softHoldSetsUnitsAsideFromWhatTheStoreAnswers() {
        fixture.stocked(store);

        Hold hold = await(adapter.hold(store, hold(RICE, 4)));

        assertEquals(HoldStatus.HELD, hold.status());
        assertEquals(store.storeId(), hold.storeId());
        assertEquals(6, available(RICE));
        assertEquals(List.of(hold), await(adapter.openHolds(store)));
    }

    @Test
    void holdsExactlyTheUnitsAvailableWhenTwentyHoldsRaceForTenUnits() {
        fixture.stocked(store);
        List<Future<Hold>> racing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racing.add(adapter.hold(store, hold(RICE, 1)));
        }

        await(Future.join(racing).otherwiseEmpty());

        long held = racing.stream().filter(Future::succeeded).count();
        assertEquals(10, held, "exactly the 10 units in stock are held");
        racing.stream().filter(Future::failed).forEach(refused -> {
            PartnerFailure failure = assertInstanceOf(PartnerFailure.class, refused.cause());
            assertEquals(PartnerFailure.Kind.REJECTED, failure.kind());
        });
        assertEquals(0, available(RICE));
        assertEquals(10, await(adapter.openHolds(store)).size());
    }

    @Test
    void neverHoldsMoreThanTheSnapshotWhenMultiUnitHoldsRace() {
        fixture.stocked(store);
        List<Future<Hold>> racing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racing.add(adapter.hold(store, hold(RICE, 3)));
        }

        await(Future.join(racing).otherwiseEmpty());

        assertEquals(3, racing.stream().filter(Future::succeeded).count(), "3 holds of 3 fit into 10, a fourth does not");
        assertEquals(1, available(RICE));
    }

    @Test
    void returnsTheExistingHoldWhenTheSameHoldIdComesAgain() {
        fixture.stocked(store);
        HoldRequest request = hold(RICE, 4);

        Hold first = await(adapter.hold(store, request));
        Hold again = await(adapter.hold(store, request));

        assertEquals(first, again);
        assertEquals(6, available(RICE), "held once");
    }

    @Test
    void refusesAHoldIdAlreadyTakenForOtherLines() {
        fixture.stocked(store);
        HoldRequest request = hold(RICE, 4);
        await(adapter.hold(store, request));

        HoldRequest other = new HoldRequest(request.holdId(), request.orderId(), List.of(new HoldLine(RICE, 5)), request.expiresAt());

        assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(store, other));
        assertEquals(6, available(RICE));
    }

    @Test
    void refusesTheWholeHoldWhenOneLineDoesNotFit() {
        fixture.stocked(store);
        HoldRequest request = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(FLOUR, 10), new HoldLine(EGGS, 6)),
                fixture.clock.instant().plus(Duration.ofMinutes(10)));

        PartnerFailure failure = assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(store, request));

        assertTrue(failure.getMessage().contains(EGGS.value()), failure.getMessage());
        assertEquals(40, available(FLOUR), "nothing held for the line that fitted");
        assertTrue(await(adapter.openHolds(store)).isEmpty());
    }

    @Test
    void refusesAHoldOfAProductTheStoreDoesNotSell() {
        fixture.stocked(store);

        assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(store, hold(NOT_SOLD, 1)));
    }

    @Test
    void countsTheSameProductOnTwoLinesOfOneHoldTogether() {
        fixture.stocked(store);
        HoldRequest twice = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(EGGS, 3), new HoldLine(EGGS, 3)),
                fixture.clock.instant().plus(Duration.ofMinutes(10)));

        assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(store, twice));
        assertEquals(5, available(EGGS));
    }

    @Test
    void refusesHoldsEndingInThePastOrBeyondTheLongestSoftHold() {
        fixture.stocked(store);
        HoldRequest past = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(RICE, 1)), fixture.clock.instant().minusSeconds(1));
        HoldRequest tooLong = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(RICE, 1)),
                fixture.clock.instant().plus(fixture.settings.maxHoldDuration()).plusSeconds(1));

        assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(store, past));
        assertFailure(PartnerFailure.Kind.REJECTED, adapter.hold(store, tooLong));
    }

    @Test
    void anExpiredSoftHoldStopsCountingWithoutAnySweeper() {
        fixture.stocked(store);
        HoldRequest request = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(RICE, 4)), fixture.clock.instant().plusSeconds(30));
        await(adapter.hold(store, request));
        assertEquals(6, available(RICE));

        fixture.clock.advance(Duration.ofSeconds(30));

        assertEquals(10, available(RICE));
        assertTrue(await(adapter.openHolds(store)).isEmpty());
        assertEquals(HoldStatus.EXPIRED, await(adapter.hold(store, request)).status(), "a replay shows the hold as it stands");
        assertEquals(10, available(RICE), "a replay of an expired hold holds nothing");
        await(adapter.release(store, request.holdId()));
    }

    @Test
    void releasingGivesTheUnitsBackAndReleasingAgainSucceeds() {
        fixture.stocked(store);
        HoldRequest request = hold(RICE, 4);
        await(adapter.hold(store, request));

        await(adapter.release(store, request.holdId()));
        await(adapter.release(store, request.holdId()));
        await(adapter.release(store, "never-held"));

        assertEquals(10, available(RICE));
        assertTrue(await(adapter.openHolds(store)).isEmpty());
        assertEquals(HoldStatus.RELEASED, await(adapter.hold(store, request)).status());
    }

    @Test
    void holdsOfOneStoreDoNotTouchAnother() {
        StoreRef other = PushOnlyFixture.store(2);
        fixture.stocked(store);
        fixture.stocked(other);

        await(adapter.hold(store, hold(RICE, 10)));

        assertEquals(0, available(RICE));
        assertEquals(10, await(adapter.queryStock(other, new StockQuery(List.of(RICE)))).items().get(0).available());
    }

    // --- pick lists and cancel ---------------------------------------------------------------------

    @Test
    void queuesPickListsForTheChainInOrderAndOncePerId() {
        fixture.stocked(store);
        PickList first = pickList(line(RICE, split("order-a", 2)));
        PickList second = pickList(line(FLOUR, split("order-b", 1)));

        await(adapter.submitPickList(store, first));
        await(adapter.submitPickList(store, second));
        await(adapter.submitPickList(store, first));

        assertEquals(List.of(first, second), await(adapter.pendingPickLists(store)));
        assertEquals(List.of(first, second), await(adapter.pendingPickLists(store)), "pulling again is safe");
    }

    @Test
    void aPickListLeavesThePullsOnceTheChainReportsItReady() {
        fixture.stocked(store);
        PickList list = pickList(line(RICE, split("order-a", 2)));
        await(adapter.submitPickList(store, list));
        assertEquals(List.of(list), fixture.chain.pull(store.storeId()));

        fixture.chain.report(new PickResult(list.pickListId(), store.storeId(), false, fixture.clock.instant(), List.of()));
        assertEquals(List.of(list), await(adapter.pendingPickLists(store)), "still open while picking");
        fixture.chain.report(new PickResult(list.pickListId(), store.storeId(), true, fixture.clock.instant(), List.of()));

        assertTrue(await(adapter.pendingPickLists(store)).isEmpty());
        await(adapter.submitPickList(store, list));
        assertTrue(await(adapter.pendingPickLists(store)).isEmpty(), "a resubmitted finished list does not come back");
    }

    @Test
    void refusesMorePickListsWhenTheChainIsNotPullingThem(Vertx vertx) {
        PushOnlyFixture small = new PushOnlyFixture(vertx, redisUri(), PushOnlyFixture.testSettings().withMaxOpenPickLists(2));
        try {
            await(small.adapter.submitPickList(store, pickList(line(RICE, split("order-a", 1)))));
            await(small.adapter.submitPickList(store, pickList(line(RICE, split("order-b", 1)))));

            assertFailure(PartnerFailure.Kind.UNAVAILABLE, small.adapter.submitPickList(store, pickList(line(RICE, split("order-c", 1)))));
        } finally {
            small.close();
        }
    }

    @Test
    void refusesAPickListForAnotherStore() {
        PickList forStoreTwo = new PickList(id("pick"), PushOnlyFixture.store(2).storeId(), id("wave"), null, List.of(line(RICE, split("order-a", 1))));

        assertFailure(PartnerFailure.Kind.REJECTED, adapter.submitPickList(store, forStoreTwo));
    }

    @Test
    void cancelReleasesTheOrdersSoftHoldsAndTakesItOutOfUnpulledPickLists() {
        fixture.stocked(store);
        String cancelled = id("order");
        String kept = id("order");
        await(adapter.hold(store, new HoldRequest(id("hold"), cancelled, List.of(new HoldLine(RICE, 3)), fixture.clock.instant().plusSeconds(600))));
        await(adapter.hold(store, new HoldRequest(id("hold"), cancelled, List.of(new HoldLine(EGGS, 2)), fixture.clock.instant().plusSeconds(600))));
        Hold other = await(adapter.hold(store, new HoldRequest(id("hold"), kept, List.of(new HoldLine(RICE, 1)), fixture.clock.instant().plusSeconds(600))));
        PickList shared = pickList(line(RICE, split(cancelled, 3), split(kept, 1)), line(EGGS, split(cancelled, 2)));
        PickList onlyCancelled = pickList(line(FLOUR, split(cancelled, 1)));
        await(adapter.submitPickList(store, shared));
        await(adapter.submitPickList(store, onlyCancelled));

        await(adapter.cancel(store, cancelled));
        await(adapter.cancel(store, cancelled));

        assertEquals(List.of(other), await(adapter.openHolds(store)));
        assertEquals(9, available(RICE));
        assertEquals(5, available(EGGS));
        List<PickList> pending = await(adapter.pendingPickLists(store));
        assertEquals(List.of(new PickList(shared.pickListId(), shared.storeId(), shared.waveId(), shared.readyBy(),
                List.of(line(RICE, split(kept, 1))))), pending);
    }

    @Test
    void cancelLeavesPickListsTheChainHasAlreadyPulled() {
        fixture.stocked(store);
        String orderId = id("order");
        PickList pulled = pickList(line(RICE, split(orderId, 2)));
        await(adapter.submitPickList(store, pulled));
        fixture.chain.pull(store.storeId());

        await(adapter.cancel(store, orderId));

        assertEquals(List.of(pulled), await(adapter.pendingPickLists(store)));
    }

    @Test
    void reportsRedisOutOfReachUnavailable(Vertx vertx) {
        Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:" + Ports.freePort());
        try {
            PushOnlyAdapter cut = PushOnlyAdapter.create(PushOnlyFixture.CHAIN, unreachable, fixture.stores, fixture.settings, fixture.clock);

            assertFailure(PartnerFailure.Kind.UNAVAILABLE, cut.queryStock(store, new StockQuery(List.of(RICE))));
            assertFailure(PartnerFailure.Kind.UNAVAILABLE, cut.hold(store, hold(RICE, 1)));
            assertFailure(PartnerFailure.Kind.UNAVAILABLE, cut.release(store, "h-1"));
        } finally {
            unreachable.close();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private int available(Gtin gtin) {
        StockAnswer answer = await(adapter.queryStock(store, new StockQuery(List.of(gtin))));
        return answer.items().stream().filter(item -> item.gtin().equals(gtin)).findFirst().orElseThrow().available();
    }

    private HoldRequest hold(Gtin gtin, int units) {
        return new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(gtin, units)), fixture.clock.instant().plus(Duration.ofMinutes(10)));
    }

    private PickList pickList(PickLine... lines) {
        return new PickList(id("pick"), store.storeId(), id("wave"), fixture.clock.instant().plus(Duration.ofMinutes(20)), List.of(lines));
    }

    static PickLine line(Gtin gtin, OrderSplit... splits) {
        return new PickLine(gtin, List.of(splits).stream().mapToInt(OrderSplit::quantity).sum(), "dry", "A1", List.of(splits));
    }

    static OrderSplit split(String orderId, int units) {
        return new OrderSplit(orderId, units);
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static PartnerFailure assertFailure(PartnerFailure.Kind kind, Future<?> future) {
        try {
            Object value = future.await(10, TimeUnit.SECONDS);
            return fail("expected a " + kind + " failure, got " + value);
        } catch (PartnerFailure failure) {
            assertEquals(kind, failure.kind(), failure.getMessage());
            return failure;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome within 10 s", e);
        }
    }
}
