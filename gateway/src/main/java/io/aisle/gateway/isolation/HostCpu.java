package io.aisle.gateway.isolation;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How busy the CPUs of this instance's host (or container) are, sampled a few times a second on a
 * worker thread. Busy CPUs mean the instance (or what shares its host) is the bottleneck, even
 * while its event loops still keep their timers: requests then wait for CPU in the database driver,
 * the partner clients and the JSON work rather than in a loop's queue.
 */
public final class HostCpu {

    /** At least this share of the host's CPU time busy over a span: the host is saturated. */
    public static final double SATURATED = 0.85;
    static final Duration PERIOD = Duration.ofMillis(250);
    private static final int SAMPLES = 64;

    private final RecentSamples load = new RecentSamples(SAMPLES);
    private final double saturated;
    private long timer = -1;

    public HostCpu() {
        this(SATURATED);
    }

    HostCpu(double saturated) {
        this.saturated = saturated;
    }

    /** Samples the host's CPU load every {@link #PERIOD} until {@link #stop(Vertx)}; silent where the JVM cannot tell. */
    public HostCpu watch(Vertx vertx) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return this;
        }
        boolean[] first = {true};
        timer = vertx.setPeriodic(PERIOD.toMillis(), id -> vertx.executeBlocking(os::getCpuLoad, false)
                .onSuccess(value -> {
                    // the first reading only starts the span the next one measures
                    if (value >= 0 && !first[0]) {
                        record(System.nanoTime(), value);
                    }
                    first[0] = false;
                }));
        return this;
    }

    public void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    void record(long atNanos, double value) {
        load.record(atNanos, value);
    }

    /**
     * The mean CPU load of the samples taken since {@code sinceNanos} ({@link System#nanoTime()}),
     * 0 to 1, or -1 when none was taken.
     */
    public double meanSince(long sinceNanos) {
        return load.meanSince(sinceNanos);
    }

    /** Whether the host's CPUs were saturated, on average, since {@code sinceNanos}. */
    public boolean saturatedSince(long sinceNanos) {
        return meanSince(sinceNanos) >= saturated;
    }
}
