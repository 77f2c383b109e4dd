package io.aisle.adapters.pushonly;

import io.aisle.adapters.callback.CallbackSigners;
import io.aisle.adapters.callback.CallbackRejected;
import static io.aisle.adapters.pushonly.PushOnlyAdapterTest.id;
import static io.aisle.adapters.pushonly.PushOnlyAdapterTest.line;
import static io.aisle.adapters.pushonly.PushOnlyAdapterTest.split;
import static io.aisle.adapters.pushonly.PushOnlyFixture.CHAIN;
import static io.aisle.adapters.pushonly.PushOnlyFixture.EGGS;
import static io.aisle.adapters.pushonly.PushOnlyFixture.FLOUR;
import static io.aisle.adapters.pushonly.PushOnlyFixture.RICE;
import static io.aisle.adapters.pushonly.PushOnlyFixture.SECRET;
import static io.aisle.adapters.pushonly.ScriptedChain.await;
import static io.aisle.adapters.pushonly.ScriptedChain.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.adapters.stock.StockSnapshots.PushOutcome;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.partner.StockPushKind;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the gateway accepts from a push-only chain, and what an accepted snapshot does to soft holds. */
class PushOnlyIngestTest extends WiredPushOnlyTest {

    private PushOnlyIngest ingest;
    private ScriptedChain chain;

    @BeforeEach
    void takeTheIngestAndTheChain() {
        ingest = fixture.ingest;
        chain = fixture.chain;
    }

    // --- applying pushes ---------------------------------------------------------------------------

    @Test
    void appliesASignedSnapshot() {
        StockPushReceipt receipt = chain.snapshot(store.storeId(), Map.of(RICE, 10, FLOUR, 40));

        assertEquals(PushOutcome.APPLIED, receipt.outcome());
        assertEquals(CHAIN, receipt.chainId());
        assertEquals(store.storeId(), receipt.storeId());
        assertEquals(Map.of(RICE, 10, FLOUR, 40), levels(RICE, FLOUR));
    }

    @Test
    void appliesADeltaOverTheSnapshotWithAbsoluteLevels() {
        chain.snapshot(store.storeId(), Map.of(RICE, 10, FLOUR, 40));

        StockPushReceipt receipt = chain.delta(store.storeId(), Map.of(RICE, 3));

        assertEquals(PushOutcome.APPLIED, receipt.outcome());
        assertEquals(Map.of(RICE, 3, FLOUR, 40), levels(RICE, FLOUR));
    }

    @Test
    void aSnapshotReplacesEverythingTheStoreListedBefore() {
        chain.snapshot(store.storeId(), Map.of(RICE, 10, FLOUR, 40));

        chain.snapshot(store.storeId(), Map.of(RICE, 8));

        StockAnswer answer = await(fixture.adapter.queryStock(store, new StockQuery(List.of(RICE, FLOUR))));
        assertEquals(List.of(new StockItem(RICE, 8, ScriptedChain.priceOf(RICE))), answer.items(), "flour is no longer listed");
    }

    @Test
    void ignoresAPushOlderThanTheLastAppliedAndSaysSo() {
        StockPush older = chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 99));
        chain.snapshot(store.storeId(), Map.of(RICE, 10));

        StockPushReceipt receipt = chain.send(older);

        assertEquals(PushOutcome.OLDER_SEQUENCE, receipt.outcome());
        assertEquals(Map.of(RICE, 10), levels(RICE));
    }

    @Test
    void ignoresADeltaThatArrivesBeforeAnySnapshot() {
        StockPushReceipt receipt = chain.delta(store.storeId(), Map.of(RICE, 3));

        assertEquals(PushOutcome.NO_SNAPSHOT, receipt.outcome());
        PushOnlyAdapterTest.assertFailure(io.aisle.adapters.spi.PartnerFailure.Kind.UNAVAILABLE,
                fixture.adapter.queryStock(store, new StockQuery(List.of(RICE))));
    }

    // --- refusals ----------------------------------------------------------------------------------

    @Test
    void refusesAPushSignedWithAnotherSecret() {
        byte[] body = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 10)));
        HmacSigner impostor = new HmacSigner("someone-elses-secret-key", fixture.clock, HmacSigner.DEFAULT_TOLERANCE);

        assertRejected(Reason.UNAUTHENTICATED, ingest.receiveStock(CHAIN, ScriptedChain.headers(impostor.sign(body)), body));
    }

    @Test
    void refusesABodyChangedAfterSigning() {
        byte[] signed = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 1)));
        byte[] changed = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 1000)));

        assertRejected(Reason.UNAUTHENTICATED, ingest.receiveStock(CHAIN, chain.signed(signed), changed));
    }

    @Test
    void refusesAPushWithoutSignatureOrSignedTooLongAgo() {
        byte[] body = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 10)));
        HmacSigner late = new HmacSigner(SECRET, Clock.offset(fixture.clock, Duration.ofMinutes(-10)), HmacSigner.DEFAULT_TOLERANCE);

        assertRejected(Reason.UNAUTHENTICATED, ingest.receiveStock(CHAIN, MultiMap.caseInsensitiveMultiMap(), body));
        assertRejected(Reason.UNAUTHENTICATED, ingest.receiveStock(CHAIN, ScriptedChain.headers(late.sign(body)), body));
    }

    @Test
    void refusesAChainWithoutSecretHere() {
        byte[] body = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 10)));

        assertRejected(Reason.UNAUTHENTICATED, ingest.receiveStock("unknown-chain", chain.signed(body), body));
    }

    @Test
    void refusesTheSameSignedPushTheSecondTime() {
        byte[] body = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 10)));
        MultiMap headers = chain.signed(body);
        await(ingest.receiveStock(CHAIN, headers, body));

        assertRejected(Reason.REPLAYED, ingest.receiveStock(CHAIN, headers, body));
    }

    @Test
    void refusesABodyThatIsNotAStockPush() {
        byte[] html = "<html>not stock</html>".getBytes(StandardCharsets.UTF_8);
        byte[] wrongShape = "{\"storeId\":\"testfresh-01\",\"sequence\":\"next\",\"kind\":\"SNAPSHOT\",\"asOf\":\"today\",\"items\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(Reason.MALFORMED, ingest.receiveStock(CHAIN, chain.signed(html), html));
        assertRejected(Reason.MALFORMED, ingest.receiveStock(CHAIN, chain.signed(wrongShape), wrongShape));
        assertRejected(Reason.MALFORMED, ingest.receiveStock(CHAIN, chain.signed(new byte[0]), new byte[0]));
    }

    @Test
    void refusesAPushWithInvalidValues() {
        String push = "{\"storeId\":\"testfresh-01\",\"sequence\":1,\"kind\":\"SNAPSHOT\",\"asOf\":\"" + fixture.clock.instant()
                + "\",\"items\":[{\"gtin\":\"%s\",\"available\":%d,\"unitPrice\":{\"amount\":100,\"currency\":\"CNY\"}}]}";
        byte[] badCheckDigit = String.format(push, "6900000000010", 5).getBytes(StandardCharsets.UTF_8);
        byte[] negative = String.format(push, RICE.value(), -1).getBytes(StandardCharsets.UTF_8);
        StockPush twice = new StockPush(store.storeId(), 1, StockPushKind.SNAPSHOT, fixture.clock.instant(),
                List.of(new StockItem(RICE, 1, ScriptedChain.priceOf(RICE)), new StockItem(RICE, 2, ScriptedChain.priceOf(RICE))));
        StockPush future = new StockPush(store.storeId(), 1, StockPushKind.SNAPSHOT, fixture.clock.instant().plus(Duration.ofHours(1)), List.of());

        assertRejected(Reason.INVALID, ingest.receiveStock(CHAIN, chain.signed(badCheckDigit), badCheckDigit));
        assertRejected(Reason.INVALID, ingest.receiveStock(CHAIN, chain.signed(negative), negative));
        assertRejected(Reason.INVALID, ingest.receiveStock(CHAIN, chain.signed(json(twice)), json(twice)));
        assertRejected(Reason.INVALID, ingest.receiveStock(CHAIN, chain.signed(json(future)), json(future)));
    }

    @Test
    void refusesAPushForAStoreTheChainDoesNotHave() {
        byte[] body = json(chain.push("aisle-mart-0001", StockPushKind.SNAPSHOT, Map.of(RICE, 10)));

        assertRejected(Reason.UNKNOWN, ingest.receiveStock(CHAIN, chain.signed(body), body));
    }

    @Test
    void saysRedisIsOutOfReachSoTheChainRetries(Vertx vertx) {
        Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:" + Ports.freePort());
        try {
            PushOnlyIngest cut = PushOnlyIngest.create(unreachable, CallbackSigners.of(Map.of(CHAIN, SECRET), fixture.clock), fixture.stores,
                    fixture.settings, fixture.clock);
            byte[] body = json(chain.push(store.storeId(), StockPushKind.SNAPSHOT, Map.of(RICE, 10)));

            assertRejected(Reason.UNAVAILABLE, cut.receiveStock(CHAIN, chain.signed(body), body));
        } finally {
            unreachable.close();
        }
    }

    // --- reconciliation ----------------------------------------------------------------------------

    @Test
    void aSnapshotDropsExpiredHoldsAndReportsHoldsItNoLongerCovers() {
        chain.snapshot(store.storeId(), Map.of(RICE, 10, EGGS, 5));
        Hold expiring = hold(RICE, 4, Duration.ofSeconds(20));
        Hold older = hold(EGGS, 3, Duration.ofMinutes(10));
        fixture.clock.advance(Duration.ofSeconds(1));
        Hold newer = hold(EGGS, 2, Duration.ofMinutes(10));
        fixture.clock.advance(Duration.ofSeconds(20));

        StockPushReceipt receipt = chain.snapshot(store.storeId(), Map.of(RICE, 10, EGGS, 4));

        assertEquals(List.of(new Reconciliation.Overcommitted(newer.holdId(), newer.orderId(), EGGS, 2, 1)),
                receipt.reconciliation().overcommitted(), "the older hold keeps its units, the newer one is short");
        assertEquals(List.of(older, newer), await(fixture.adapter.openHolds(store)), "holds that no longer fit stay held for the gateway to decide");
        assertEquals(Map.of(RICE, 10, EGGS, 0), levels(RICE, EGGS), "the expired hold is gone, eggs read zero, not less");
        assertTrue(expiring.expiresAt().isBefore(fixture.clock.instant()));
    }

    @Test
    void aSnapshotSettlesTheHoldsOfOrdersWhosePickListTheChainPulledBeforeIt() {
        chain.snapshot(store.storeId(), Map.of(RICE, 10, FLOUR, 40));
        Hold picked = hold(RICE, 4, Duration.ofMinutes(10));
        Hold waiting = hold(FLOUR, 5, Duration.ofMinutes(10));
        PickList list = new PickList(id("pick"), store.storeId(), id("wave"), null, List.of(line(RICE, split(picked.orderId(), 4))));
        await(fixture.adapter.submitPickList(store, list));
        chain.pull(store.storeId());
        fixture.clock.advance(fixture.settings.settleGrace());

        // The chain has set the 4 units aside itself: its snapshot says 6.
        StockPushReceipt receipt = chain.snapshot(store.storeId(), Map.of(RICE, 6, FLOUR, 40));

        assertEquals(List.of(picked.holdId()), receipt.reconciliation().settled());
        assertTrue(receipt.reconciliation().allHoldsFit());
        assertEquals(List.of(waiting), await(fixture.adapter.openHolds(store)));
        assertEquals(Map.of(RICE, 6, FLOUR, 35), levels(RICE, FLOUR), "the picked units are not counted twice");
        assertEquals(HoldStatus.RELEASED, await(fixture.adapter.hold(store,
                new HoldRequest(picked.holdId(), picked.orderId(), picked.lines(), picked.expiresAt()))).status());
    }

    @Test
    void aSnapshotTakenBeforeThePullDoesNotSettleThatOrdersHolds() {
        chain.snapshot(store.storeId(), Map.of(RICE, 10));
        Hold hold = hold(RICE, 4, Duration.ofMinutes(10));
        await(fixture.adapter.submitPickList(store,
                new PickList(id("pick"), store.storeId(), id("wave"), null, List.of(line(RICE, split(hold.orderId(), 4))))));
        chain.pull(store.storeId());

        // Within the grace: the chain may not have set the units aside yet when it took this snapshot.
        StockPushReceipt receipt = chain.snapshot(store.storeId(), Map.of(RICE, 10));

        assertTrue(receipt.reconciliation().settled().isEmpty());
        assertEquals(List.of(hold), await(fixture.adapter.openHolds(store)));
        assertEquals(Map.of(RICE, 6), levels(RICE));
    }

    @Test
    void aDeltaLeavesSoftHoldsAsTheyAre() {
        chain.snapshot(store.storeId(), Map.of(RICE, 10));
        Hold hold = hold(RICE, 4, Duration.ofMinutes(10));

        StockPushReceipt receipt = chain.delta(store.storeId(), Map.of(RICE, 2));

        assertEquals(Reconciliation.none(store.storeId()), receipt.reconciliation());
        assertEquals(List.of(hold), await(fixture.adapter.openHolds(store)));
        assertEquals(Map.of(RICE, 0), levels(RICE));
    }

    // --- pick results and pulls --------------------------------------------------------------------

    @Test
    void aReadyPickResultComesOutWithOurStoreIdAndClosesTheList() {
        PickList list = new PickList(id("pick"), store.storeId(), id("wave"), null, List.of(line(RICE, split("order-a", 2), split("order-b", 1))));
        await(fixture.adapter.submitPickList(store, list));
        chain.pull(store.storeId());
        PickResult result = new PickResult(list.pickListId(), store.storeId(), true, fixture.clock.instant(), List.of(
                new PickResultLine("order-a", RICE, PickStatus.PICKED, 2, 2, null, 0, null),
                new PickResultLine("order-b", RICE, PickStatus.SHORT, 1, 0, null, 0, null)));

        PickResult received = chain.report(result);

        assertEquals(result, received);
        assertTrue(chain.pull(store.storeId()).isEmpty());
    }

    @Test
    void refusesAPickResultForAPickListTheStoreNeverHad() {
        PickResult result = new PickResult("pick-unknown", store.storeId(), true, fixture.clock.instant(), List.of());
        byte[] body = json(result);

        assertRejected(Reason.UNKNOWN, ingest.receivePickResult(CHAIN, chain.signed(body), body));
    }

    @Test
    void refusesAPickResultLineForAnOrderNotOnTheList() {
        PickList list = new PickList(id("pick"), store.storeId(), id("wave"), null, List.of(line(RICE, split("order-a", 2))));
        await(fixture.adapter.submitPickList(store, list));
        PickResult result = new PickResult(list.pickListId(), store.storeId(), true, fixture.clock.instant(),
                List.of(new PickResultLine("order-z", RICE, PickStatus.PICKED, 2, 2, null, 0, null)));
        byte[] body = json(result);

        assertRejected(Reason.INVALID, ingest.receivePickResult(CHAIN, chain.signed(body), body));
        assertEquals(List.of(list), chain.pull(store.storeId()), "the list stays open");
    }

    @Test
    void refusesAPullWithoutValidSignatureOrForAnotherChainsStore() {
        assertRejected(Reason.UNAUTHENTICATED, ingest.pullPickLists(CHAIN, store.storeId(), MultiMap.caseInsensitiveMultiMap()));
        assertRejected(Reason.UNAUTHENTICATED, ingest.pullPickLists(CHAIN, store.storeId(), chain.signed("{}".getBytes(StandardCharsets.UTF_8))));
        assertRejected(Reason.UNKNOWN, ingest.pullPickLists(CHAIN, "aisle-mart-0001", chain.signed(new byte[0])));
    }

    @Test
    void refusesAReplayedPull() {
        MultiMap headers = chain.signed(new byte[0]);
        await(ingest.pullPickLists(CHAIN, store.storeId(), headers));

        assertRejected(Reason.REPLAYED, ingest.pullPickLists(CHAIN, store.storeId(), headers));
    }

    // --- helpers -----------------------------------------------------------------------------------

    private Hold hold(Gtin gtin, int units, Duration lasting) {
        return await(fixture.adapter.hold(store, new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(gtin, units)),
                fixture.clock.instant().plus(lasting))));
    }

    private Map<Gtin, Integer> levels(Gtin... gtins) {
        StockAnswer answer = await(fixture.adapter.queryStock(store, new StockQuery(List.of(gtins))));
        return answer.items().stream().collect(java.util.stream.Collectors.toMap(StockItem::gtin, StockItem::available));
    }

    private static CallbackRejected assertRejected(Reason reason, Future<?> future) {
        try {
            Object value = future.await(10, TimeUnit.SECONDS);
            return fail("expected a " + reason + " refusal, got " + value);
        } catch (CallbackRejected rejected) {
            assertEquals(reason, rejected.reason(), rejected.getMessage());
            return rejected;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome within 10 s", e);
        }
    }
}
