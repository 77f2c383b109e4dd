package io.aisle.simulator.fleet;

import io.aisle.contracts.value.Checks;
import java.time.LocalTime;

/** Daily opening hours in local time; {@code opens == closes} means open around the clock. */
public record OpeningHours(LocalTime opens, LocalTime closes) {

    public static final OpeningHours ALWAYS = new OpeningHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public OpeningHours {
        Checks.requireNonNull(opens, "opens");
        Checks.requireNonNull(closes, "closes");
    }

    public boolean isOpenAt(LocalTime time) {
        if (opens.equals(closes)) {
            return true;
        }
        if (opens.isBefore(closes)) {
            return !time.isBefore(opens) && time.isBefore(closes);
        }
        return !time.isBefore(opens) || time.isBefore(closes);
    }

    /** As {@code "07:00-22:00"}. */
    @Override
    public String toString() {
        return opens + "-" + closes;
    }
}
