package io.aisle.contracts.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The records of store health, the store list and order events check themselves. */
class StoreHealthTest {

    private static final Instant SINCE = Instant.parse("2026-03-02T02:02:11Z");
    private static final GeoPoint JIANGHAN_ROAD = new GeoPoint(30.5838, 114.2790);

    @Test
    void aClosedBreakerHasNoReason() {
        assertNull(StoreHealth.closed("zb-0412", SINCE, 1.5, 0.0).reason());
        assertThrows(IllegalArgumentException.class,
                () -> new StoreHealth("zb-0412", BreakerState.CLOSED, HealthReason.FAILURE_RATE, SINCE, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPEN", "HALF_OPEN", "FORCED_OPEN"})
    void anyOtherStateSaysWhy(BreakerState state) {
        var e = assertThrows(IllegalArgumentException.class, () -> new StoreHealth("zb-0412", state, null, SINCE, null, null));
        assertTrue(e.getMessage().startsWith("reason"), e.getMessage());
        assertDoesNotThrow(() -> new StoreHealth("zb-0412", state, HealthReason.MANUAL_PAUSE, SINCE, null, null));
    }

    @Test
    void ratesArePercentages() {
        assertThrows(IllegalArgumentException.class, () -> StoreHealth.closed("zb-0412", SINCE, 100.5, null));
        assertThrows(IllegalArgumentException.class, () -> StoreHealth.closed("zb-0412", SINCE, null, -1.0));
        assertThrows(IllegalArgumentException.class, () -> StoreHealth.closed("zb-0412", SINCE, Double.NaN, null));
        assertDoesNotThrow(() -> StoreHealth.closed("zb-0412", SINCE, 0.0, 100.0));
    }

    @Test
    void aStoreSummaryNamesItsHealthByBreakerState() {
        assertEquals("HALF_OPEN", StoreSummary.of("ws-1101", "wushang", "Wushang Mart", JIANGHAN_ROAD, 0.4, BreakerState.HALF_OPEN).health());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new StoreSummary("ws-1101", "wushang", "Wushang Mart", JIANGHAN_ROAD, 0.4, "UP"));
        assertTrue(e.getMessage().startsWith("health"), e.getMessage());
        assertDoesNotThrow(() -> new StoreSummary("ws-1101", "wushang", null, JIANGHAN_ROAD, 0.4, null));
    }

    @Test
    void aStoreSummaryIsNeverANegativeDistanceAway() {
        assertThrows(IllegalArgumentException.class, () -> new StoreSummary("ws-1101", "wushang", null, JIANGHAN_ROAD, -0.1, null));
    }

    @Test
    void orderEventsAreNumberedFromOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OrderEvent("evt-1", "ord-1", 0, OrderStatus.CONFIRMED, OrderStatus.RECEIVED, SINCE, null, null));
        assertTrue(e.getMessage().startsWith("sequence"), e.getMessage());
    }

    @Test
    void identifiersAreAsciiSoTheyTravelInUrls() {
        assertThrows(IllegalArgumentException.class,
                () -> new OrderEvent("evt-1", "订单-1", 1, OrderStatus.CONFIRMED, null, SINCE, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new OrderEvent("evt 1", "ord-1", 1, OrderStatus.CONFIRMED, null, SINCE, null, null));
    }

    @Test
    void aChangeReasonIsSomeTextOfAtMost500Characters() {
        assertThrows(IllegalArgumentException.class, () -> new ChangeReason(" "));
        assertThrows(IllegalArgumentException.class, () -> new ChangeReason("x".repeat(501)));
        assertDoesNotThrow(() -> new ChangeReason("burst pipe"));
    }
}
