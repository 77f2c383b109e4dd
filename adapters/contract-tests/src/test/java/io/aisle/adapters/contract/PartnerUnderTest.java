package io.aisle.adapters.contract;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A partner a {@link ChainAdapterContractTest} runs against, seen from outside the adapter: the
 * adapter connected to it, stores and products to use, the partner's own view of its stock, holds and
 * pick lists (not through the adapter), its clock, and faults to inject. One implementation per kind
 * of partner double (WireMock stubs, the simulator fleet) and protocol.
 */
public interface PartnerUnderTest extends AutoCloseable {

    /** The adapter under test, connected to this partner. */
    ChainAdapter adapter();

    /** A store of the adapter's chain that no earlier test of this run has touched. */
    StoreRef freshStore();

    /** A store id the partner does not know. */
    StoreRef unknownStore();

    /** A product the store sells with at least {@code units} free now. */
    Gtin productWithStock(StoreRef store, int units);

    /** A valid GTIN the store does not sell. */
    Gtin productNotSold(StoreRef store);

    /** Units of a product the partner itself counts free at the store. */
    int stockOf(StoreRef store, Gtin gtin);

    /** Ids of the holds the partner itself counts open at the store. */
    Set<String> openHolds(StoreRef store);

    /** Ids of the pick lists the store received, each once. */
    Set<String> pickListsReceived(StoreRef store);

    /** The partner's clock, which stands still until a test moves it; holds expire by it. */
    TestClock clock();

    /** What time it is for the partner. */
    default Instant now() {
        return clock().instant();
    }

    /** Moves the partner's clock forward. */
    default void advanceClock(Duration duration) {
        clock().advance(duration);
    }

    /** Makes the store misbehave; {@link FaultMode#NONE} makes it behave again. */
    void injectFault(StoreRef store, FaultMode mode, long latencyMs);

    /** Makes every store behave again. */
    void clearFaults();

    /** The adapter's timeout per call. */
    Duration callTimeout();

    /** The faults this partner kind can show (a push-only chain, say, is never called for stock). */
    default Set<FaultMode> supportedFaults() {
        return EnumSet.allOf(FaultMode.class);
    }

    @Override
    void close();

    /**
     * A first call through a cold JVM (class loading, JIT, first connection) can take longer than a
     * tight call timeout; a few holds of {@code units} of {@code gtin} at a store the tests do not use
     * (ids {@code holdIdPrefix0} to {@code 4}), taken and released, settle that before they start.
     */
    default void warmUp(String holdIdPrefix, StoreRef spare, Gtin gtin, int units) {
        for (int i = 0; i < 5; i++) {
            HoldRequest hold = new HoldRequest(holdIdPrefix + i, "warm-up", List.of(new HoldLine(gtin, units)),
                    now().plus(Duration.ofMinutes(1)));
            try {
                adapter().queryStock(spare, new StockQuery(List.of(gtin))).await(5, TimeUnit.SECONDS);
                adapter().hold(spare, hold).await(5, TimeUnit.SECONDS);
                adapter().release(spare, hold.holdId()).await(5, TimeUnit.SECONDS);
            } catch (RuntimeException | TimeoutException ignored) {
                // Only the warming matters.
            }
        }
    }
}
