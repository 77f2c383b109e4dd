package io.aisle.adapters.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link ChainAdapter} must do, checked as the gateway would rely on it: stock answers,
 * holds (idempotent, refused when short, released, expiring), pick lists, cancellation, and the typed
 * failure of every kind of partner misbehaviour. One subclass per partner kind and double (WireMock,
 * simulator) starts the {@link PartnerUnderTest}; the suite runs its tests against it and stops it.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChainAdapterContractTest<P extends PartnerUnderTest> {

    /** Units every successful hold of this suite takes. */
    protected static final int HOLD_UNITS = 2;
    /** Free units a product used for holds has at least. */
    protected static final int MIN_STOCK = 10;
    /** The adapters' timeout per call: tight, as in production, yet above a loopback call of a warmed-up JVM. */
    protected static final Duration CALL_TIMEOUT = Duration.ofMillis(750);
    /** A delay far beyond any call timeout of this suite. */
    protected static final long SLOWER_THAN_TIMEOUT_MS = 3_000;

    private static final long AWAIT_SECONDS = 10;

    protected StoreRef store;
    private P partner;

    /** Starts the partner this class's tests talk to, once, before the first of them. */
    protected abstract P startPartner(Vertx vertx);

    @BeforeAll
    void startThePartner(Vertx vertx) {
        partner = startPartner(vertx);
    }

    @AfterAll
    void stopThePartner() {
        if (partner != null) {
            partner.close();
        }
    }

    /** The partner this run talks to. */
    protected P partner() {
        return partner;
    }

    protected ChainAdapter adapter() {
        return partner().adapter();
    }

    @BeforeEach
    void useAFreshStore() {
        store = partner().freshStore();
    }

    @AfterEach
    void makeEveryStoreBehaveAgain() {
        partner().clearFaults();
    }

    // --- stock -------------------------------------------------------------------------------------

    @Test
    void answersStockAndPriceOfProductsTheStoreSells() {
        Gtin sold = partner().productWithStock(store, MIN_STOCK);

        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(List.of(sold))));

        assertEquals(store.storeId(), answer.storeId());
        StockItem item = itemOf(answer, sold).orElseThrow(() -> new AssertionError(sold + " missing from " + answer));
        assertEquals(partner().stockOf(store, sold), item.available());
        assertTrue(item.unitPrice().amount() > 0, "a price is quoted");
        assertEquals("CNY", item.unitPrice().currency());
    }

    @Test
    void leavesOutProductsTheStoreDoesNotSell() {
        Gtin sold = partner().productWithStock(store, MIN_STOCK);
        Gtin notSold = partner().productNotSold(store);

        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(List.of(sold, notSold))));

        assertTrue(itemOf(answer, sold).isPresent());
        assertTrue(itemOf(answer, notSold).isEmpty(), "an unsold product is absent, not zero");
    }

    @Test
    void refusesCallsForAStoreThePartnerDoesNotKnow() {
        StoreRef unknown = partner().unknownStore();
        Gtin sold = partner().productWithStock(store, MIN_STOCK);

        assertFailure(PartnerFailure.Kind.REJECTED, adapter().queryStock(unknown, new StockQuery(List.of(sold))));
    }

    // --- holds -------------------------------------------------------------------------------------

    @Test
    void takesAHoldThatSetsStockAside() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        HoldRequest request = holdRequest(gtin, HOLD_UNITS);

        Hold hold = await(adapter().hold(store, request));

        assertEquals(request.holdId(), hold.holdId());
        assertEquals(request.orderId(), hold.orderId());
        assertEquals(store.storeId(), hold.storeId());
        assertEquals(HoldStatus.HELD, hold.status());
        assertEquals(request.lines(), hold.lines());
        assertEquals(Set.of(request.holdId()), partner().openHolds(store));
        assertEquals(before - HOLD_UNITS, partner().stockOf(store, gtin));
        assertEquals(before - HOLD_UNITS, availableThroughAdapter(gtin));
    }

    @Test
    void returnsTheSameHoldWhenAHoldIsReplayedWithoutHoldingTwice() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        HoldRequest request = holdRequest(gtin, HOLD_UNITS);

        Hold first = await(adapter().hold(store, request));
        Hold replayed = await(adapter().hold(store, request));

        assertEquals(first.holdId(), replayed.holdId());
        assertEquals(first.lines(), replayed.lines());
        assertEquals(HoldStatus.HELD, replayed.status());
        assertEquals(Set.of(request.holdId()), partner().openHolds(store));
        assertEquals(before - HOLD_UNITS, partner().stockOf(store, gtin));
    }

    @Test
    void refusesAHoldWhenStockIsShort() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);

        assertFailure(PartnerFailure.Kind.REJECTED, adapter().hold(store, holdRequest(gtin, before + 1)));

        assertTrue(partner().openHolds(store).isEmpty());
        assertEquals(before, partner().stockOf(store, gtin));
    }

    @Test
    void releasingAHoldGivesItsStockBackAndReleasingTwiceSucceeds() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        HoldRequest request = holdRequest(gtin, HOLD_UNITS);
        await(adapter().hold(store, request));

        await(adapter().release(store, request.holdId()));

        assertTrue(partner().openHolds(store).isEmpty());
        assertEquals(before, availableThroughAdapter(gtin));
        await(adapter().release(store, request.holdId()));
    }

    @Test
    void anExpiredHoldNoLongerCounts() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        HoldRequest request = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(gtin, HOLD_UNITS)),
                partner().now().plus(Duration.ofSeconds(30)));
        await(adapter().hold(store, request));

        partner().advanceClock(Duration.ofSeconds(31));

        assertTrue(partner().openHolds(store).isEmpty());
        assertEquals(before, availableThroughAdapter(gtin));
        await(adapter().release(store, request.holdId()));
    }

    // --- pick lists and cancellation ---------------------------------------------------------------

    @Test
    void acceptsAPickListOnceWhenItIsSubmittedTwice() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        String orderA = id("order");
        String orderB = id("order");
        PickList pickList = new PickList(id("pick"), store.storeId(), id("wave"), partner().now().plus(Duration.ofMinutes(15)),
                List.of(new PickLine(gtin, 3, "dry-goods", "A01", List.of(new OrderSplit(orderA, 1), new OrderSplit(orderB, 2)))));

        await(adapter().submitPickList(store, pickList));
        await(adapter().submitPickList(store, pickList));

        assertEquals(Set.of(pickList.pickListId()), partner().pickListsReceived(store));
    }

    @Test
    void cancellingAnOrderReleasesItsHolds() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        String orderId = id("order");
        HoldRequest first = new HoldRequest(id("hold"), orderId, List.of(new HoldLine(gtin, HOLD_UNITS)), partner().now().plus(Duration.ofMinutes(10)));
        HoldRequest second = new HoldRequest(id("hold"), orderId, List.of(new HoldLine(gtin, HOLD_UNITS)), partner().now().plus(Duration.ofMinutes(10)));
        await(adapter().hold(store, first));
        await(adapter().hold(store, second));

        await(adapter().cancel(store, orderId));

        assertTrue(partner().openHolds(store).isEmpty());
        assertEquals(before, partner().stockOf(store, gtin));
        await(adapter().cancel(store, orderId));
    }

    // --- faults ------------------------------------------------------------------------------------

    @Test
    void hangingStoreFailsWithTimeout() {
        assumeSupported(FaultMode.HANG);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.HANG, 0);

        assertFailure(PartnerFailure.Kind.TIMEOUT, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertFailure(PartnerFailure.Kind.TIMEOUT, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
    }

    @Test
    void storeSlowerThanTheCallTimeoutFailsWithTimeout() {
        assumeSupported(FaultMode.SLOW);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.SLOW, Math.max(SLOWER_THAN_TIMEOUT_MS, partner().callTimeout().toMillis() * 5));

        assertFailure(PartnerFailure.Kind.TIMEOUT, adapter().queryStock(store, new StockQuery(List.of(gtin))));
    }

    @Test
    void storeSlowButWithinTheCallTimeoutStillAnswers() {
        assumeSupported(FaultMode.SLOW);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.SLOW, partner().callTimeout().toMillis() / 10);

        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(List.of(gtin))));

        assertTrue(itemOf(answer, gtin).isPresent());
    }

    @Test
    void failingStoreIsReportedUnavailable() {
        assumeSupported(FaultMode.ERROR);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.ERROR, 0);

        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().release(store, id("hold")));
    }

    @Test
    void storeResettingTheConnectionIsReportedUnavailable() {
        assumeSupported(FaultMode.RESET);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.RESET, 0);

        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
    }

    @Test
    void garbledAnswersAreReportedMalformed() {
        assumeSupported(FaultMode.GARBAGE);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.GARBAGE, 0);

        // Twice: a partner's garbage may be non-JSON one time and JSON of the wrong shape the next.
        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
    }

    @Test
    void rateLimitedStoreIsReportedWithItsRetryAfter() {
        assumeSupported(FaultMode.RATELIMIT);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.RATELIMIT, 0);

        PartnerFailure failure = assertFailure(PartnerFailure.Kind.RATE_LIMITED, adapter().queryStock(store, new StockQuery(List.of(gtin))));

        assertNotNull(failure.retryAfter(), "the partner's Retry-After is passed on");
        assertFalse(failure.retryAfter().isNegative());
    }

    @Test
    void outOfStockStoreAnswersZeroAndRefusesHolds() {
        assumeSupported(FaultMode.OUTOFSTOCK);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.OUTOFSTOCK, 0);

        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(List.of(gtin))));

        assertEquals(0, itemOf(answer, gtin).orElseThrow().available());
        assertFailure(PartnerFailure.Kind.REJECTED, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
    }

    @Test
    void storeBehavesAgainOnceItsFaultIsCleared() {
        assumeSupported(FaultMode.ERROR);
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.ERROR, 0);
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(gtin))));

        partner().injectFault(store, FaultMode.NONE, 0);

        assertTrue(itemOf(await(adapter().queryStock(store, new StockQuery(List.of(gtin)))), gtin).isPresent());
    }

    // --- helpers -----------------------------------------------------------------------------------

    protected HoldRequest holdRequest(Gtin gtin, int units) {
        return new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(gtin, units)), partner().now().plus(Duration.ofMinutes(10)));
    }

    protected int availableThroughAdapter(Gtin gtin) {
        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(List.of(gtin))));
        return itemOf(answer, gtin).orElseThrow(() -> new AssertionError(gtin + " missing from " + answer)).available();
    }

    protected static Optional<StockItem> itemOf(StockAnswer answer, Gtin gtin) {
        return answer.items().stream().filter(item -> item.gtin().equals(gtin)).findFirst();
    }

    protected static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    protected void assumeSupported(FaultMode mode) {
        assumeTrue(partner().supportedFaults().contains(mode), () -> "this partner kind cannot show " + mode);
    }

    /** Waits (generously) for a future that must succeed. */
    public static <T> T await(Future<T> future) {
        try {
            return future.await(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + AWAIT_SECONDS + " s", e);
        }
    }

    /** Waits (generously) for a future that must fail with a PartnerFailure of the given kind. */
    protected static PartnerFailure assertFailure(PartnerFailure.Kind kind, Future<?> future) {
        try {
            Object value = future.await(AWAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a " + kind + " failure, got " + value);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + AWAIT_SECONDS + " s; expected a " + kind + " failure", e);
        } catch (PartnerFailure failure) {
            assertEquals(kind, failure.kind(), failure.getMessage());
            return failure;
        } catch (RuntimeException other) {
            throw new AssertionError("expected a PartnerFailure of kind " + kind + ", got " + other, other);
        }
    }
}
