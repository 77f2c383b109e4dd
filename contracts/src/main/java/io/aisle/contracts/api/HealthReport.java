package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code /health/live} and of a ready {@code /health/ready}: overall status and each dependency's. */
public record HealthReport(Status status, Map<String, Status> checks) {

    public enum Status {
        UP,
        /** Ready, without Redis: quotes and orders go on, push-only stores and partner callbacks do not. */
        DEGRADED,
        DOWN
    }

    public HealthReport {
        Checks.requireNonNull(status, "status");
        if (checks == null) {
            checks = Map.of();
        } else {
            if (checks.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getKey().isBlank() || e.getValue() == null)) {
                throw new IllegalArgumentException("checks must name each check and give its status");
            }
            checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        }
    }

    public static HealthReport up() {
        return new HealthReport(Status.UP, Map.of());
    }
}
