package io.aisle.adapters.contract;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.value.Gtin;
import io.aisle.testing.StubServer;
import io.aisle.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every chain played by WireMock shares: the stub server ({@link StubServer}), the chain's clock,
 * the call timeout, one product each store sells ({@code stockUnits} of it) and one it does not, a
 * scenario per store (named by its id) for the state of its hold, and the fault stubs of each store.
 * A protocol's partner adds its stubs, how it counts stock, and how its journal shows the holds taken.
 */
public abstract class WireMockPartner implements PartnerUnderTest {

    /** The states of a store's scenario; it starts in {@code Scenario.STARTED}. */
    protected static final String HELD = "HELD";
    protected static final String RELEASED = "RELEASED";
    protected static final String EXPIRED = "EXPIRED";
    protected static final String CANCELLED = "CANCELLED";
    /** How long a hanging store keeps a call waiting: far beyond any call timeout. */
    protected static final long HANG_MS = 8_000;

    protected final StubServer stubs = StubServer.start();
    protected final WireMockServer server = stubs.wireMock();
    protected final TestClock clock = new TestClock(Instant.now());
    protected final Duration callTimeout;
    private final Gtin sold;
    private final Gtin notSold;
    private final int stockUnits;

    protected WireMockPartner(Duration callTimeout, Gtin sold, Gtin notSold, int stockUnits) {
        this.callTimeout = callTimeout;
        this.sold = sold;
        this.notSold = notSold;
        this.stockUnits = stockUnits;
    }

    /** A hold the store accepted, as its journal shows it. */
    public record TakenHold(String holdId, Instant expiresAt) {
    }

    /** The holds the store accepted (refused ones left out), from WireMock's request journal. */
    protected abstract List<TakenHold> holdsTaken(StoreRef store);

    /** The store whose scenario has this name. */
    protected abstract StoreRef storeOf(String scenario);

    public WireMockServer server() {
        return server;
    }

    /** The state of the store's scenario. */
    protected String stateOf(StoreRef store) {
        return stubs.scenarioState(store.storeId());
    }

    @Override
    public Gtin productWithStock(StoreRef store, int units) {
        if (units > stockUnits) {
            throw new IllegalArgumentException("the WireMock store has " + stockUnits + " units");
        }
        return sold;
    }

    @Override
    public Gtin productNotSold(StoreRef store) {
        return notSold;
    }

    @Override
    public Set<String> openHolds(StoreRef store) {
        if (!HELD.equals(stateOf(store))) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (TakenHold hold : holdsTaken(store)) {
            ids.add(hold.holdId());
        }
        return ids;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    /** Moves the clock; a store whose every hold is then due moves from HELD to EXPIRED. */
    @Override
    public void advanceClock(Duration duration) {
        PartnerUnderTest.super.advanceClock(duration);
        stubs.moveScenarios(HELD, EXPIRED, scenario -> holdsTaken(storeOf(scenario)).stream()
                .allMatch(hold -> !clock.instant().isBefore(hold.expiresAt())));
    }

    /** Replaces the fault stubs of a store with these. */
    protected void faultsOf(String storeId, List<StubMapping> faults) {
        stubs.replaceStubs(storeId, faults);
    }

    protected void removeFaults(String storeId) {
        stubs.removeStubs(storeId);
    }

    @Override
    public void clearFaults() {
        stubs.removeKeyedStubs();
    }

    @Override
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public void close() {
        try {
            adapter().close().await(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            stubs.close();
        }
    }
}
