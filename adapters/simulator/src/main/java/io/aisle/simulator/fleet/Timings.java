package io.aisle.simulator.fleet;

import io.aisle.contracts.value.Checks;
import java.time.Duration;

/**
 * How long simulated people take: a store's pickers (a fixed part per pick list plus a part per line)
 * and riders (to the store, then to the door). Fast in dev mode, realistic for load tests.
 */
public record Timings(Duration pickBase, Duration pickPerLine, Duration riderToStore, Duration riderToDoor) {

    public Timings {
        Checks.requireNonNull(pickBase, "pickBase");
        Checks.requireNonNull(pickPerLine, "pickPerLine");
        Checks.requireNonNull(riderToStore, "riderToStore");
        Checks.requireNonNull(riderToDoor, "riderToDoor");
        if (pickBase.isNegative() || pickPerLine.isNegative() || riderToStore.isNegative() || riderToDoor.isNegative()) {
            throw new IllegalArgumentException("timings must not be negative");
        }
    }

    /** Seconds rather than minutes, so an order in dev mode is delivered within a minute. */
    public static Timings dev() {
        return new Timings(Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(8), Duration.ofSeconds(12));
    }

    /** Roughly what a supermarket and a rider take on a normal day. */
    public static Timings realistic() {
        return new Timings(Duration.ofMinutes(4), Duration.ofSeconds(20), Duration.ofMinutes(8), Duration.ofMinutes(15));
    }

    /** Time to pick a list of so many lines. */
    public Duration pickTime(int lines) {
        return pickBase.plus(pickPerLine.multipliedBy(Math.max(0, lines)));
    }
}
