package io.aisle.gateway.isolation;

import java.time.Duration;

/** How many requests one client may make per window, summed over every gateway instance. */
public record ClientLimit(int requests, Duration window) {

    public ClientLimit {
        if (requests < 1) {
            throw new IllegalArgumentException("a client's requestsPerWindow must be at least 1, got " + requests);
        }
        if (window == null || window.toMillis() < 100 || window.toMillis() > 3_600_000) {
            throw new IllegalArgumentException("a client's windowMs must be within [100, 3600000], got "
                    + (window == null ? null : window.toMillis()));
        }
    }
}
