package io.aisle.gateway.api;

import java.util.Arrays;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many requests of one kind an {@link Admission} lets in at once. It follows the latency of the
 * requests it let in, window by window: while the instance keeps up, that latency is learnt as the
 * calm latency and the limit climbs back to its ceiling; when the instance is saturated (its event
 * loops lag) and the window's p90 latency rises above {@code tolerance} times the calm latency, the
 * limit is cut in proportion, so that the requests let in are answered at about the calm latency and
 * the rest are shed at the door at once.
 *
 * <p>Slowness that is not the instance's own (slow stores, a slow partner chain) raises latency
 * without saturating the event loops; it moves the calm latency and never lowers the limit, so a
 * degraded chain does not make the gateway turn orders away. A fixed limit ({@link #fixed}) never moves.
 *
 * <p>Not thread-safe on its own: its {@link Admission} calls it under its own lock.
 */
final class AdmissionLimit {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionLimit.class);

    static final long WINDOW_NANOS = 500_000_000L;
    static final double TOLERANCE = 1.25;
    /** While saturated, the limit climbs only when the p90 is at most this times the calm one (it holds in between). */
    static final double HEADROOM = 1.1;
    private static final int MIN_SAMPLES = 5;
    private static final double LEARN = 0.2;

    private final String kind;
    private final int ceiling;
    private final int floor;
    private final boolean adaptive;
    private final LongPredicate saturatedSince;
    private final LongSupplier nanoTime;
    private long[] samples = new long[64];
    private int count;
    private long windowStart;
    private int limit;
    private double calmNanos = Double.NaN;
    private boolean shedInWindow;
    private long cutAt;

    private AdmissionLimit(String kind, int ceiling, int floor, boolean adaptive, LongPredicate saturatedSince, LongSupplier nanoTime) {
        if (ceiling < 1) {
            throw new IllegalArgumentException("a limit of at least 1 is required");
        }
        this.kind = kind;
        this.ceiling = ceiling;
        this.floor = Math.min(ceiling, floor);
        this.adaptive = adaptive;
        this.saturatedSince = saturatedSince;
        this.nanoTime = nanoTime;
        this.limit = ceiling;
        this.windowStart = nanoTime.getAsLong();
        this.cutAt = windowStart;
    }

    /** Always {@code limit}. */
    static AdmissionLimit fixed(int limit) {
        return new AdmissionLimit("requests", limit, limit, false, since -> false, System::nanoTime);
    }

    /**
     * At most {@code ceiling}, at least an eighth of it (and never below 4 unless the ceiling is),
     * cut while {@code saturatedSince} (given a {@link System#nanoTime()} instant) says the instance's
     * event loops were saturated since then and latency rose.
     */
    static AdmissionLimit adaptive(String kind, int ceiling, LongPredicate saturatedSince, LongSupplier nanoTime) {
        return new AdmissionLimit(kind, ceiling, Math.max(4, ceiling / 8), true, saturatedSince, nanoTime);
    }

    int current() {
        return limit;
    }

    int ceiling() {
        return ceiling;
    }

    /** The calm latency learnt so far, in milliseconds (NaN before the first calm window). */
    double calmMillis() {
        return calmNanos / 1e6;
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /** A request was shed: the window's latency is not that of everything offered. */
    void shed() {
        shedInWindow = true;
    }

    /** A request let in at {@code admittedAt} ({@link #now()}) was answered now. */
    void answered(long admittedAt) {
        if (!adaptive) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (admittedAt - cutAt < 0) {
            // let in under the limit before the last cut: says nothing of the limit now
            return;
        }
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = Math.max(0, now - admittedAt);
        if (now - windowStart >= WINDOW_NANOS && count >= MIN_SAMPLES) {
            adjust(now);
        }
    }

    private void adjust(long now) {
        Arrays.sort(samples, 0, count);
        double p90 = samples[Math.min(count - 1, (int) Math.ceil(count * 0.9) - 1)];
        boolean saturated = saturatedSince.test(windowStart);
        if (Double.isNaN(calmNanos)) {
            calmNanos = p90;
        } else if (saturated && p90 > calmNanos * TOLERANCE) {
            // the instance is the bottleneck: let in as many as it answers at the calm latency
            double cut = Math.max(0.6, Math.min(0.9, calmNanos * TOLERANCE / p90));
            int was = limit;
            limit = Math.max(floor, (int) Math.floor(limit * cut));
            cutAt = now;
            if (limit != was) {
                LOG.info("admission of {} lowered from {} to {} at once: p90 latency {} ms against the calm {} ms while saturated",
                        kind, was, limit, Math.round(p90 / 1e6), Math.round(calmNanos / 1e6));
            }
        } else {
            if (!saturated && !shedInWindow) {
                // everything offered was let in and the host kept up: this is the calm latency
                calmNanos += (p90 - calmNanos) * LEARN;
            }
            boolean room = !saturated || p90 <= calmNanos * HEADROOM;
            if (limit < ceiling && room) {
                limit = Math.min(ceiling, limit + Math.max(2, limit / 8));
                if (limit == ceiling) {
                    LOG.info("admission of {} back at its ceiling of {} at once", kind, ceiling);
                }
            }
        }
        count = 0;
        shedInWindow = false;
        windowStart = now;
    }
}
