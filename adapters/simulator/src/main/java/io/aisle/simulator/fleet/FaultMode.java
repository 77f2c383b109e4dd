package io.aisle.simulator.fleet;

import java.util.Locale;

/**
 * How a simulated store misbehaves, as the control API names it ({@code "mode"}, lower case).
 */
public enum FaultMode {
    /** Behaves; as a store's own fault it clears the override so the chain's fault applies again. */
    NONE,
    /** Accepts the request and never answers. */
    HANG,
    /** Answers correctly after {@code latencyMs}. */
    SLOW,
    /** 503 problem: the store says it is down. */
    ERROR,
    /** Closes the connection without an answer. */
    RESET,
    /** 200 with a body that is not the documented shape: not JSON at all, or JSON of the wrong shape. */
    GARBAGE,
    /** 429 problem with {@code Retry-After}. */
    RATELIMIT,
    /** Answers, but has nothing: zero availability, every hold refused. */
    OUTOFSTOCK;

    /** The control API's name of the mode. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a control API mode name, ignoring case. */
    public static FaultMode parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("mode is required: one of none|hang|slow|error|reset|garbage|ratelimit|outofstock");
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + value + "': one of none|hang|slow|error|reset|garbage|ratelimit|outofstock");
        }
    }
}
