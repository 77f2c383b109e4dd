package io.aisle.simulator.fleet;

import io.aisle.contracts.value.Checks;

/**
 * A fault injected at a store or a whole chain. {@code latencyMs} is the delay of a SLOW answer, and
 * an extra delay before the failure of the other modes (0 = fail at once); HANG and NONE ignore it.
 */
public record Fault(FaultMode mode, long latencyMs) {

    public static final Fault NONE = new Fault(FaultMode.NONE, 0);
    public static final long MAX_LATENCY_MS = 600_000;

    public Fault {
        Checks.requireNonNull(mode, "mode");
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be within [0, " + MAX_LATENCY_MS + "], got " + latencyMs);
        }
    }

    public static Fault of(FaultMode mode, long latencyMs) {
        return mode == FaultMode.NONE ? NONE : new Fault(mode, latencyMs);
    }

    public boolean active() {
        return mode != FaultMode.NONE;
    }
}
