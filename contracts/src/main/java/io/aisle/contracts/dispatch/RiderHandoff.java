package io.aisle.contracts.dispatch;

import io.aisle.contracts.api.HandoffMode;
import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * On a DELIVERED event: how the rider handed the bags over, when, and the handoff code the household or
 * staff told the rider (null when none was asked for, e.g. left at the door).
 */
public record RiderHandoff(HandoffMode mode, Instant at, String code) {

    public RiderHandoff {
        Checks.requireNonNull(mode, "handoff.mode");
        Checks.requireNonNull(at, "handoff.at");
        Checks.requireAtMost(code, "handoff.code", 16);
    }
}
