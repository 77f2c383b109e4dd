package io.aisle.gateway.config;

import java.time.Duration;

/**
 * Pick waves and rider handoff: a wave closes after {@code waveWindow}, or at {@code waveMaxOrders}
 * orders or {@code waveMaxItems} units, whichever first; picking takes about {@code pickBase} plus
 * {@code pickPerLine} per line; waves are looked at every {@code checkPeriod}; an order whose trip
 * failed is dispatched again after {@code redispatchBackoff}. A pick list whose result is
 * {@code overdueMargin} past its expected ready time is sent once more; {@code overdueMargin} after
 * that, its wave times out (its legs refunded, the store told to cancel them).
 */
public record PickingConfig(Duration waveWindow, int waveMaxOrders, int waveMaxItems, Duration pickBase, Duration pickPerLine,
                            Duration checkPeriod, Duration redispatchBackoff, Duration overdueMargin) {

    public PickingConfig {
        Settings.require(waveWindow != null && waveWindow.toMillis() >= 100, "picking.waveWindowMs must be at least 100");
        Settings.require(waveMaxOrders >= 1, "picking.waveMaxOrders must be positive");
        Settings.require(waveMaxItems >= 1, "picking.waveMaxItems must be positive");
        Settings.require(pickBase != null && !pickBase.isNegative(), "picking.pickBaseMs must not be negative");
        Settings.require(pickPerLine != null && !pickPerLine.isNegative(), "picking.pickPerLineMs must not be negative");
        Settings.require(checkPeriod != null && checkPeriod.toMillis() >= 50, "picking.checkPeriodMs must be at least 50");
        Settings.require(redispatchBackoff != null && redispatchBackoff.toMillis() >= 100, "picking.redispatchBackoffMs must be at least 100");
        Settings.require(overdueMargin != null && overdueMargin.toMillis() >= 100, "picking.overdueMarginMs must be at least 100");
    }
}
