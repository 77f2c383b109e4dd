package io.aisle.gateway.isolation;

/**
 * The last {@code size} samples of a gauge, each with the {@link System#nanoTime()} it was taken at, and what they say
 * of the span since an instant: their largest value or their mean. Thread-safe.
 */
final class RecentSamples {

    private final long[] at;
    private final double[] values;
    private int next;

    RecentSamples(int size) {
        this.at = new long[size];
        this.values = new double[size];
    }

    synchronized void record(long atNanos, double value) {
        at[next] = atNanos;
        values[next] = value;
        next = (next + 1) % at.length;
    }

    /** The largest sample taken since {@code sinceNanos}, or 0 when none was. */
    synchronized double maxSince(long sinceNanos) {
        double max = 0;
        for (int i = 0; i < at.length; i++) {
            // a sample taken after sinceNanos covers a period that overlapped it
            if (at[i] != 0 && at[i] - sinceNanos >= 0 && values[i] > max) {
                max = values[i];
            }
        }
        return max;
    }

    /** The mean of the samples taken since {@code sinceNanos}, or -1 when none was. */
    synchronized double meanSince(long sinceNanos) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < at.length; i++) {
            if (at[i] != 0 && at[i] - sinceNanos >= 0) {
                sum += values[i];
                n++;
            }
        }
        return n == 0 ? -1 : sum / n;
    }
}
