package io.aisle.gateway.config;

import java.time.Duration;

/**
 * Pick waves and rider handoff: a wave closes after {@code waveWindow}, or at {@code waveMaxOrders}
 * orders or {@code waveMaxItems} units, whichever first; picking takes about {@code pickBase} plus
 * {@code pickPerLine} per line; waves are looked at every {@code checkPeriod}; an order whose trip
 * failed is dispatched again after {@code redispatchBackoff}.
 */
public record PickingConfig(Duration waveWindow, int waveMaxOrders, int waveMaxItems, Duration pickBase, Duration pickPerLine,
                            Duration checkPeriod, Duration redispatchBackoff) {

    public PickingConfig {
        Settings.require(waveWindow != null && waveWindow.toMillis() >= 100, "picking.waveWindowMs must be at least 100");
        Settings.require(waveMaxOrders >= 1, "picking.waveMaxOrders must be positive");
        Settings.require(waveMaxItems >= 1, "picking.waveMaxItems must be positive");
        Settings.require(pickBase != null && !pickBase.isNegative(), "picking.pickBaseMs must not be negative");
        Settings.require(pickPerLine != null && !pickPerLine.isNegative(), "picking.pickPerLineMs must not be negative");
        Settings.require(checkPeriod != null && checkPeriod.toMillis() >= 50, "picking.checkPeriodMs must be at least 50");
        Settings.require(redispatchBackoff != null && redispatchBackoff.toMillis() >= 100, "picking.redispatchBackoffMs must be at least 100");
    }
}
