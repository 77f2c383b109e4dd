package io.aisle.gateway.isolation;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether calls are slow everywhere at once: over the last second, most calls of this instance
 * timed out or were slow, across at least two chains. Stores do not fail together across chains
 * that share nothing; when they seem to, the cause is common (this instance, its machine or its
 * network), and a slow answer or a timeout then says nothing about the store. A dead store, or a
 * share of hanging stores, shows as slowness at those stores only and is not widespread.
 */
final class WidespreadSlowness {

    static final long BUCKET_NANOS = 250_000_000L;
    static final int BUCKETS = 4;
    static final int MIN_CALLS = 20;
    static final double MIN_SHARE = 0.5;
    static final double MIN_SHARE_PER_CHAIN = 0.3;
    static final int MIN_CALLS_PER_CHAIN = 5;

    private final long[] bucketStart = new long[BUCKETS];
    @SuppressWarnings("unchecked")
    private final Map<String, int[]>[] byChain = new Map[BUCKETS];

    WidespreadSlowness() {
        for (int i = 0; i < BUCKETS; i++) {
            byChain[i] = new HashMap<>();
        }
    }

    /** Records a call of a store of {@code chainId} that ended at {@code nowNanos}: slow (or timed out), or not. */
    synchronized void record(String chainId, boolean slow, long nowNanos) {
        int[] counts = bucket(nowNanos).computeIfAbsent(chainId, k -> new int[2]);
        counts[0]++;
        if (slow) {
            counts[1]++;
        }
    }

    /** Whether calls have been slow everywhere over the last second, as of {@code nowNanos}. */
    synchronized boolean now(long nowNanos) {
        Map<String, int[]> totals = new HashMap<>();
        for (int i = 0; i < BUCKETS; i++) {
            if (nowNanos - bucketStart[i] < BUCKETS * BUCKET_NANOS && bucketStart[i] != 0) {
                byChain[i].forEach((chain, counts) -> {
                    int[] sum = totals.computeIfAbsent(chain, k -> new int[2]);
                    sum[0] += counts[0];
                    sum[1] += counts[1];
                });
            }
        }
        int calls = 0;
        int slow = 0;
        int slowChains = 0;
        for (int[] counts : totals.values()) {
            calls += counts[0];
            slow += counts[1];
            if (counts[0] >= MIN_CALLS_PER_CHAIN && counts[1] >= MIN_SHARE_PER_CHAIN * counts[0]) {
                slowChains++;
            }
        }
        return calls >= MIN_CALLS && slow >= MIN_SHARE * calls && slowChains >= 2;
    }

    private Map<String, int[]> bucket(long nowNanos) {
        long start = nowNanos - Math.floorMod(nowNanos, BUCKET_NANOS);
        int index = (int) Math.floorMod(start / BUCKET_NANOS, BUCKETS);
        if (bucketStart[index] != start) {
            bucketStart[index] = start;
            byChain[index].clear();
        }
        return byChain[index];
    }
}
