package io.aisle.adapters.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.pushonly.PushOnlySettings;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract suite for push-only chains. Stock, holds, replays, refusals, releases, expiry, pick
 * lists and cancellation are checked exactly as for every chain. The fault tests are overridden here,
 * because the adapter of a push-only chain never calls the chain: it answers from the chain's last
 * pushed snapshot and keeps soft holds in Redis. Each fault kind therefore shows the push-only way,
 * as the simulator plays it:
 * <ul>
 *   <li>HANG, ERROR, RESET: the chain's system is down and stops pushing. Nothing waits and nothing
 *       fails at once: the store answers from its last snapshot until that is older than
 *       {@code staleAfter}, then it is UNAVAILABLE (never TIMEOUT). Releases still succeed.</li>
 *   <li>SLOW: pushes arrive late; answers never wait for them.</li>
 *   <li>GARBAGE: the chain pushes garbled bodies; the gateway refuses them (400/422), and the last good
 *       snapshot keeps answering. MALFORMED never comes out of this adapter.</li>
 *   <li>RATELIMIT: nobody calls the chain, so it has no quota to exhaust; RATE_LIMITED never comes out.</li>
 *   <li>OUTOFSTOCK: the chain pushes zero levels; the inherited test applies as it is.</li>
 * </ul>
 */
public abstract class PushOnlyChainContractTest<P extends PushOnlyChainContractTest.PushOnlyPartner> extends ChainAdapterContractTest<P> {

    /** A push-only chain under test: it pushes snapshots into Redis through the gateway's ingest. */
    public interface PushOnlyPartner extends PartnerUnderTest {

        /** How the gateway's ingest and adapter are set for this chain. */
        PushOnlySettings settings();

        /** How old a snapshot may be before the adapter stops answering from it. */
        default Duration staleAfter() {
            return settings().staleAfter();
        }

        /** The adapter never calls the chain: its calls go to Redis, bounded by the Redis timeout. */
        @Override
        default Duration callTimeout() {
            return settings().redisTimeout();
        }

        /** Waits until a snapshot of the store's shelves as they are now has been applied. */
        void awaitFreshSnapshot(StoreRef store);
    }

    @Override
    @Test
    @DisplayName("hang: a chain that stopped pushing is never waited for; once its snapshot is stale the store is UNAVAILABLE")
    void hangingStoreFailsWithTimeout() {
        chainGoesDownThenStoreIsUnavailableOnceStale(FaultMode.HANG);
    }

    @Override
    @Test
    @DisplayName("error: a chain whose system is down still answers from its last snapshot, then UNAVAILABLE once stale; releases succeed")
    void failingStoreIsReportedUnavailable() {
        chainGoesDownThenStoreIsUnavailableOnceStale(FaultMode.ERROR);
        await(adapter().release(store, id("hold")));
    }

    @Override
    @Test
    @DisplayName("reset: a chain whose connections break stops pushing; UNAVAILABLE once its snapshot is stale")
    void storeResettingTheConnectionIsReportedUnavailable() {
        chainGoesDownThenStoreIsUnavailableOnceStale(FaultMode.RESET);
    }

    @Override
    @Test
    @DisplayName("slow: pushes arriving late never slow an answer; the store answers and holds from its last snapshot")
    void storeSlowerThanTheCallTimeoutFailsWithTimeout() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        partner().injectFault(store, FaultMode.SLOW, SLOWER_THAN_TIMEOUT_MS);

        assertEquals(before, availableThroughAdapter(gtin));
        assertEquals(HoldStatus.HELD, await(adapter().hold(store, holdRequest(gtin, HOLD_UNITS))).status());
    }

    @Override
    @Test
    @DisplayName("garbage: garbled pushes are refused by the gateway and the last good snapshot keeps answering")
    void garbledAnswersAreReportedMalformed() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);

        partner().injectFault(store, FaultMode.GARBAGE, 0);

        assertEquals(before, availableThroughAdapter(gtin));
        assertEquals(HoldStatus.HELD, await(adapter().hold(store, holdRequest(gtin, HOLD_UNITS))).status());
    }

    @Override
    @Test
    @DisplayName("ratelimit: nobody calls a push-only chain, so it has no quota to exhaust; the store answers")
    void rateLimitedStoreIsReportedWithItsRetryAfter() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.RATELIMIT, 0);

        assertTrue(itemOf(await(adapter().queryStock(store, new StockQuery(List.of(gtin)))), gtin).isPresent());
    }

    @Override
    @Test
    @DisplayName("a chain that pushes again after being down answers again")
    void storeBehavesAgainOnceItsFaultIsCleared() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        partner().injectFault(store, FaultMode.ERROR, 0);
        partner().advanceClock(partner().staleAfter().plusSeconds(1));
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(gtin))));

        partner().injectFault(store, FaultMode.NONE, 0);

        assertEquals(partner().stockOf(store, gtin), availableThroughAdapter(gtin));
    }

    @Test
    void aChainThatStoppedPushingAnswersFromItsLastSnapshotUntilItIsStale() {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        partner().injectFault(store, FaultMode.HANG, 0);

        partner().advanceClock(partner().staleAfter());
        assertEquals(before, availableThroughAdapter(gtin), "exactly staleAfter old is still fresh");

        partner().advanceClock(Duration.ofSeconds(1));
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
    }

    private void chainGoesDownThenStoreIsUnavailableOnceStale(FaultMode mode) {
        Gtin gtin = partner().productWithStock(store, MIN_STOCK);
        int before = partner().stockOf(store, gtin);
        partner().injectFault(store, mode, 0);

        assertEquals(before, availableThroughAdapter(gtin), "the last snapshot still answers");

        partner().advanceClock(partner().staleAfter().plusSeconds(1));

        PartnerFailure stale = assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(gtin))));
        assertTrue(stale.getMessage().contains("older than"), stale.getMessage());
        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().hold(store, holdRequest(gtin, HOLD_UNITS)));
        assertTrue(partner().openHolds(store).isEmpty());
    }
}
