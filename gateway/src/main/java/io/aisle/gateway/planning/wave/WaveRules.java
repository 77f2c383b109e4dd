package io.aisle.gateway.planning.wave;

import io.aisle.contracts.value.Checks;
import java.time.Duration;

/**
 * When a store's wave closes, and how long picking takes. A wave closes when its oldest leg has waited {@code window},
 * when it holds {@code maxOrders} order legs or {@code maxItems} units, or when the rider of one of its orders would
 * otherwise wait for the bags: whichever comes first. Picking a wave takes {@code pickTimeBase} plus
 * {@code pickTimePerLine} for every line of its pick list (a line is one product).
 */
public record WaveRules(Duration window, int maxOrders, int maxItems, Duration pickTimePerLine, Duration pickTimeBase) {

    public WaveRules {
        Checks.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        Checks.requirePositive(maxOrders, "maxOrders");
        Checks.requirePositive(maxItems, "maxItems");
        Checks.requireNonNull(pickTimePerLine, "pickTimePerLine");
        Checks.requireNonNull(pickTimeBase, "pickTimeBase");
        if (pickTimePerLine.isNegative() || pickTimeBase.isNegative()) {
            throw new IllegalArgumentException("pick times must not be negative");
        }
    }

    /** How long picking a pick list of {@code lines} products takes. */
    public Duration pickTime(int lines) {
        Checks.requireNonNegative(lines, "lines");
        return pickTimeBase.plus(pickTimePerLine.multipliedBy(lines));
    }

    /**
     * The order slots of a wave kept for STANDARD legs while any wait: a quarter of {@code maxOrders} (rounded down),
     * at least one when a wave holds two or more orders. Priority legs take the rest first.
     */
    public int ordinarySlots() {
        return maxOrders < 2 ? 0 : Math.max(1, maxOrders / 4);
    }

    /** How long a leg may wait before it is served ahead of every priority class: two windows. */
    public Duration starvationLimit() {
        return window.multipliedBy(2);
    }
}
