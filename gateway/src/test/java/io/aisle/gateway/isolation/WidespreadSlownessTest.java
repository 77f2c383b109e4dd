package io.aisle.gateway.isolation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WidespreadSlownessTest {

    private static final long MS = 1_000_000L;
    private final WidespreadSlowness slowness = new WidespreadSlowness();

    @Test
    void storesOfTwoChainsSlowAtOnceAreACommonCause() {
        long t = 10_000 * MS;
        for (int i = 0; i < 30; i++) {
            slowness.record(i % 2 == 0 ? "east" : "west", i % 4 != 3, t + i * 10 * MS);
        }
        assertTrue(slowness.now(t + 300 * MS));
        assertFalse(slowness.now(t + 2_000 * MS), "a second later, with no slow calls since, it is over");
    }

    @Test
    void aShareOfHangingStoresIsTheirOwnFault() {
        long t = 10_000 * MS;
        for (int i = 0; i < 100; i++) {
            slowness.record(i % 2 == 0 ? "east" : "west", i % 10 == 0, t + i * 5 * MS);
        }
        assertFalse(slowness.now(t + 500 * MS), "10 % of calls slow is the slow stores' own");
    }

    @Test
    void aWholeChainDownIsThatChainsFault() {
        long t = 10_000 * MS;
        for (int i = 0; i < 60; i++) {
            slowness.record(i % 2 == 0 ? "east" : "west", i % 2 == 0, t + i * 5 * MS);
        }
        assertFalse(slowness.now(t + 400 * MS), "one chain slow, the other not: not widespread");
    }
}
