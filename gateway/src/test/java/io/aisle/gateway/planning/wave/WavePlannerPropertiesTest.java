package io.aisle.gateway.planning.wave;

import static io.aisle.gateway.planning.PlanningFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class WavePlannerPropertiesTest {

    @Provide
    Arbitrary<List<OpenLeg>> legs() {
        return WaveWorlds.legs(14, 900);
    }

    @Provide
    Arbitrary<WaveRules> rules() {
        return WaveWorlds.rules();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void putsEveryLegInExactlyOneClosingWaveOrLeavesItOpen(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules,
            @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        WaveDecision decision = WavePlanner.decide(legs, T0.plusSeconds(nowSecond), rules);

        List<OpenLeg> accounted = new ArrayList<>(decision.stillOpen());
        decision.waves().forEach(wave -> accounted.addAll(wave.legs()));
        assertEquals(sorted(legs), sorted(accounted));
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void neverFillsAWaveBeyondItsLimitsUnlessOneLegAloneIsLarger(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules,
            @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        WaveDecision decision = WavePlanner.decide(legs, T0.plusSeconds(nowSecond), rules);

        for (Wave wave : decision.waves()) {
            assertTrue(wave.legs().size() <= rules.maxOrders(), wave::toString);
            assertTrue(wave.items() <= rules.maxItems() || wave.legs().size() == 1, wave::toString);
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void leavesNoLegOpenThatHasWaitedItsWindowAndLooksAgainBeforeAnyWould(@ForAll("legs") List<OpenLeg> legs,
            @ForAll("rules") WaveRules rules, @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        Instant now = T0.plusSeconds(nowSecond);

        WaveDecision decision = WavePlanner.decide(legs, now, rules);

        for (OpenLeg leg : decision.stillOpen()) {
            assertTrue(leg.confirmedAt().plus(rules.window()).isAfter(now), leg::toString);
            assertFalse(decision.nextCheck().isAfter(leg.confirmedAt().plus(rules.window())), decision::toString);
        }
        if (!decision.stillOpen().isEmpty()) {
            assertTrue(decision.nextCheck().isAfter(now), decision::toString);
        }
    }

    /**
     * Legs arrive over a quarter of an hour; the planner is asked at every arrival and at every {@code nextCheck} it
     * names. Every leg ends in exactly one wave, no wave closes later than its oldest leg's window, and no wave closes
     * after a rider of its orders was due to find the bags ready, unless that was already too late when the leg arrived.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void wavesNeverWaitPastTheirWindowWhenThePlannerLooksWhenItAsks(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules) {
        List<OpenLeg> arrivals = new ArrayList<>(legs);
        arrivals.sort(Comparator.comparing(OpenLeg::confirmedAt).thenComparing(OpenLeg::orderId));
        List<OpenLeg> open = new ArrayList<>();
        List<Wave> closed = new ArrayList<>();
        Instant nextCheck = null;
        int next = 0;
        while (next < arrivals.size() || nextCheck != null) {
            Instant now;
            if (next < arrivals.size() && (nextCheck == null || !arrivals.get(next).confirmedAt().isAfter(nextCheck))) {
                now = arrivals.get(next).confirmedAt();
                while (next < arrivals.size() && arrivals.get(next).confirmedAt().equals(now)) {
                    open.add(arrivals.get(next++));
                }
            } else {
                now = nextCheck;
            }
            WaveDecision decision = WavePlanner.decide(open, now, rules);
            closed.addAll(decision.waves());
            open = new ArrayList<>(decision.stillOpen());
            nextCheck = decision.nextCheck();
        }

        List<OpenLeg> waved = closed.stream().flatMap(wave -> wave.legs().stream()).toList();
        assertEquals(sorted(legs), sorted(waved));
        for (Wave wave : closed) {
            Instant oldest = wave.legs().stream().map(OpenLeg::confirmedAt).min(Comparator.naturalOrder()).orElseThrow();
            assertFalse(wave.closedAt().isAfter(oldest.plus(rules.window())), wave::toString);
        }
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void decidesTheSameWhateverTheOrderOfTheLegs(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules,
            @ForAll @IntRange(min = 0, max = 1500) int nowSecond, @ForAll("seeds") long seed) {
        List<OpenLeg> shuffled = new ArrayList<>(legs);
        Collections.shuffle(shuffled, new Random(seed));

        assertEquals(WavePlanner.decide(legs, T0.plusSeconds(nowSecond), rules),
                WavePlanner.decide(shuffled, T0.plusSeconds(nowSecond), rules));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void neverLeavesAHigherClassLegOpenForALowerClassOneThatIsNotStarving(@ForAll("legs") List<OpenLeg> legs,
            @ForAll("rules") WaveRules rules, @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        Instant now = T0.plusSeconds(nowSecond);
        Instant starvedBefore = now.minus(rules.starvationLimit());

        WaveDecision decision = WavePlanner.decide(legs, now, rules);

        Map<String, List<OpenLeg>> openByStore = decision.stillOpen().stream().collect(Collectors.groupingBy(OpenLeg::storeId));
        for (Wave wave : decision.waves()) {
            for (OpenLeg waiting : openByStore.getOrDefault(wave.storeId(), List.of())) {
                for (OpenLeg taken : wave.legs()) {
                    boolean takenOnClass = !taken.confirmedAt().isBefore(starvedBefore);
                    if (takenOnClass && taken.priority().compareTo(waiting.priority()) < 0) {
                        // Only a leg that could not fit beside what the wave held before may be passed over.
                        assertTrue(wave.legs().size() == rules.maxOrders() || wave.items() + waiting.items() > rules.maxItems(),
                                () -> waiting + " waits while " + taken + " left in " + wave);
                    }
                }
            }
        }
    }

    private static List<String> sorted(List<OpenLeg> legs) {
        Map<String, Integer> count = new HashMap<>();
        legs.forEach(leg -> count.merge(leg.storeId() + "/" + leg.orderId(), 1, Integer::sum));
        return count.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).sorted().toList();
    }
}
