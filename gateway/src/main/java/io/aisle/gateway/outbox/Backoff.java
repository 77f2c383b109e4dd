package io.aisle.gateway.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: after the n-th failed attempt the next one waits
 * {@code min(cap, base * 2^(n-1))}, of which the upper half is random ("equal jitter"), so retries of
 * many messages spread out while every wait stays at least half the nominal one.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        if (base == null || base.toMillis() < 1) {
            throw new IllegalArgumentException("backoff base must be at least 1 ms, got " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap must be at least the base " + base + ", got " + cap);
        }
    }

    /** The nominal wait after {@code failedAttempts} failures (at least 1), before jitter. */
    public Duration nominal(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        long capMs = cap.toMillis();
        int doublings = failedAttempts - 1;
        long millis = base.toMillis();
        if (doublings >= Long.SIZE - 2 || millis > (capMs >> doublings)) {
            return cap;
        }
        return Duration.ofMillis(Math.min(capMs, millis << doublings));
    }

    /** The wait after {@code failedAttempts} failures: uniformly between half the nominal wait and all of it. */
    public Duration delay(int failedAttempts, RandomGenerator random) {
        long nominal = nominal(failedAttempts).toMillis();
        long half = nominal / 2;
        return Duration.ofMillis(half + random.nextLong(nominal - half + 1));
    }
}
