package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * How a delivered order was handed over, as rider dispatch reported it: the mode, when, and whether the
 * rider was told the order's handoff code (checked by Aisle against the code it gave the household).
 */
public record Handoff(HandoffMode mode, Instant at, boolean codeChecked) {

    public Handoff {
        Checks.requireNonNull(mode, "handoff.mode");
        Checks.requireNonNull(at, "handoff.at");
    }
}
