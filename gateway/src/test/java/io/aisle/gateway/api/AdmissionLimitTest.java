package io.aisle.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The adaptive limit on a clock of its own: each window is a set of answers with given latencies. */
class AdmissionLimitTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final AtomicBoolean saturated = new AtomicBoolean();
    private final AdmissionLimit limit = AdmissionLimit.adaptive("orders", 64, since -> saturated.get(), clock::get);

    /** Ten answers of {@code latencyMs} each, admitted during a window that then closes. */
    private void window(long latencyMs) {
        for (int i = 0; i < 10; i++) {
            long admitted = clock.get();
            clock.addAndGet(latencyMs * MS);
            limit.answered(admitted);
            clock.addAndGet(AdmissionLimit.WINDOW_NANOS / 10);
        }
    }

    @Test
    void aSaturatedInstanceWhoseLatencyRoseLetsFewerIn() {
        window(50);
        window(50);
        assertEquals(64, limit.current(), "calm: the ceiling");
        assertEquals(50, limit.calmMillis(), 1);

        saturated.set(true);
        window(200);
        int cut = limit.current();
        assertTrue(cut < 64, "cut once the latency is four times the calm one: " + cut);
        window(200);
        window(200);
        assertTrue(limit.current() < cut, "and again while it stays high: " + limit.current());
        for (int i = 0; i < 20; i++) {
            window(300);
        }
        assertEquals(8, limit.current(), "never below an eighth of the ceiling");
        assertEquals(50, limit.calmMillis(), 1, "the calm latency is not learnt while saturated");

        saturated.set(false);
        for (int i = 0; i < 40 && limit.current() < 64; i++) {
            window(50);
        }
        assertEquals(64, limit.current(), "back at the ceiling once the instance keeps up");
    }

    @Test
    void slowStoresWithoutSaturationNeverLowerTheLimit() {
        window(50);
        for (int i = 0; i < 20; i++) {
            window(2_000);
        }
        assertEquals(64, limit.current(), "latency from slow partners is not the instance's own");
        assertTrue(limit.calmMillis() > 1_000, "it becomes the calm latency: " + limit.calmMillis());
    }

    @Test
    void answersLetInBeforeACutDoNotCutAgain() {
        window(50);
        saturated.set(true);
        // twenty slow requests in flight at once, all admitted before the first cut
        long admitted = clock.get();
        clock.addAndGet(AdmissionLimit.WINDOW_NANOS);
        for (int i = 0; i < 10; i++) {
            limit.answered(admitted);
        }
        int cut = limit.current();
        assertTrue(cut < 64, "the first window cuts: " + cut);
        clock.addAndGet(AdmissionLimit.WINDOW_NANOS);
        for (int i = 0; i < 10; i++) {
            limit.answered(admitted);
        }
        assertEquals(cut, limit.current(), "the rest of those answers say nothing of the lowered limit");
    }

    @Test
    void aFixedLimitNeverMoves() {
        AdmissionLimit fixed = AdmissionLimit.fixed(10);
        long admitted = fixed.now();
        for (int i = 0; i < 100; i++) {
            fixed.answered(admitted - 10_000 * MS);
        }
        assertEquals(10, fixed.current());
    }
}
