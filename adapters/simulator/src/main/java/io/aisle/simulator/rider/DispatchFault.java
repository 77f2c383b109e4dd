package io.aisle.simulator.rider;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fault the simulated rider dispatch plays, set with {@code POST /rider-dispatch/sim/faults}
 * {@code {"mode": "...", "latencyMs": n}}. {@code latencyMs} delays every API answer (all modes but
 * {@code hang}). Control routes are never faulted.
 */
public record DispatchFault(Mode mode, long latencyMs) {

    public static final DispatchFault NONE = new DispatchFault(Mode.NONE, 0);
    public static final long MAX_LATENCY_MS = 60_000;

    public DispatchFault {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be within [0, " + MAX_LATENCY_MS + "], got " + latencyMs);
        }
    }

    public static DispatchFault of(Mode mode) {
        return new DispatchFault(mode, 0);
    }

    public enum Mode {
        /** Works as documented. */
        NONE,
        /** Works, after {@code latencyMs}. */
        SLOW,
        /** Every API call answers 503. */
        ERROR,
        /** Every API call gets no answer at all. */
        HANG,
        /** Every API call has its connection closed before an answer. */
        RESET,
        /** Every API call answers 200 with a body that is not JSON. */
        GARBAGE,
        /** Every API call answers 429 with Retry-After. */
        RATELIMIT,
        /** The API works, but trips created meanwhile fail after assignment (FAILED event). */
        FAIL_TRIPS;

        /** The name used on the wire: lower case, '-' for '_'. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Mode fromWire(String name) {
            for (Mode mode : values()) {
                if (mode.wireName().equals(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode must be one of " + Arrays.stream(values())
                    .map(Mode::wireName).collect(Collectors.joining("|")) + ", got '" + name + "'");
        }
    }
}
