package io.aisle.gateway.isolation;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How late this instance's event loops run their work: each watched loop runs a short periodic timer
 * and records how much later than due it fired. A late timer means the loop (or the whole machine)
 * is saturated, so a partner call that timed out or was slow meanwhile says nothing about the
 * partner. Isolation does not count such calls against the store's breaker, and a fan-out that lost
 * stores to such timeouts is answered as overload, not as missing stock.
 */
public final class EventLoopLag {

    /** A loop this much late (or more) is saturated. */
    public static final Duration SATURATED = Duration.ofMillis(25);
    static final Duration PERIOD = Duration.ofMillis(20);
    private static final int SAMPLES = 256;

    private final RecentSamples lagNanos = new RecentSamples(SAMPLES);
    private final long saturatedNanos;

    public EventLoopLag() {
        this(SATURATED);
    }

    public EventLoopLag(Duration saturated) {
        this.saturatedNanos = saturated.toNanos();
    }

    /** Watches the event loop of the caller's context (call it from a verticle's start); returns the timer id. */
    public long watch(Vertx vertx) {
        long periodNanos = PERIOD.toNanos();
        long[] last = {System.nanoTime()};
        return vertx.setPeriodic(PERIOD.toMillis(), id -> {
            long now = System.nanoTime();
            record(now, Math.max(0, now - last[0] - periodNanos));
            last[0] = now;
        });
    }

    void record(long atNanos, long lag) {
        lagNanos.record(atNanos, lag);
    }

    /** The largest lag recorded since {@code sinceNanos} ({@link System#nanoTime()}), in nanoseconds. */
    public long maxLagSince(long sinceNanos) {
        return (long) lagNanos.maxSince(sinceNanos);
    }

    /** Whether a watched loop was saturated at some point since {@code sinceNanos}. */
    public boolean saturatedSince(long sinceNanos) {
        return maxLagSince(sinceNanos) >= saturatedNanos;
    }

    /** Whether a watched loop was saturated within the last {@code window}. */
    public boolean saturatedWithin(Duration window) {
        return saturatedSince(System.nanoTime() - window.toNanos());
    }

    @Override
    public String toString() {
        return "EventLoopLag(max over the last second " + TimeUnit.NANOSECONDS.toMillis(maxLagSince(System.nanoTime()
                - TimeUnit.SECONDS.toNanos(1))) + " ms)";
    }
}
