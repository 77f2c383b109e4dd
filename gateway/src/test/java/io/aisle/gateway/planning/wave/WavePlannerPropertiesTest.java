package io.aisle.gateway.planning.wave;

import static io.aisle.gateway.planning.PlanningFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.PriorityClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * names. Every leg ends in exactly one wave; no wave closes later than its oldest leg's window, nor later than its
     * earliest rider minus its pick time (or its last leg's arrival, when that is already too late).
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void wavesNeverWaitPastTheirWindowWhenThePlannerLooksWhenItAsks(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules) {
        List<Wave> closed = WaveWorlds.simulate(legs, rules);

        List<OpenLeg> waved = closed.stream().flatMap(wave -> wave.legs().stream()).toList();
        assertEquals(sorted(legs), sorted(waved));
        for (Wave wave : closed) {
            Instant oldest = wave.legs().stream().map(OpenLeg::confirmedAt).min(Comparator.naturalOrder()).orElseThrow();
            assertFalse(wave.closedAt().isAfter(oldest.plus(rules.window())), wave::toString);
            Instant lastArrival = wave.legs().stream().map(OpenLeg::confirmedAt).max(Comparator.naturalOrder()).orElseThrow();
            wave.legs().stream().map(OpenLeg::riderExpectedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                    .map(rider -> rider.minus(rules.pickTime(wave.products().size())))
                    .ifPresent(due -> assertFalse(wave.closedAt().isAfter(due.isAfter(lastArrival) ? due : lastArrival), wave::toString));
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

    /**
     * A leg left open while a wave of its store takes a lower class leg (neither of them starving) must have failed to
     * fit beside the legs that may rank ahead of it: the starving ones and those of its class or higher.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void neverLeavesAHigherClassLegOpenForALowerClassOneThatIsNotStarving(@ForAll("legs") List<OpenLeg> legs,
            @ForAll("rules") WaveRules rules, @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        Instant now = T0.plusSeconds(nowSecond);
        Instant starvedBefore = now.minus(rules.starvationLimit());

        WaveDecision decision = WavePlanner.decide(legs, now, rules);

        Map<String, List<OpenLeg>> openByStore = decision.stillOpen().stream().collect(Collectors.groupingBy(OpenLeg::storeId));
        for (Wave wave : decision.waves()) {
            for (OpenLeg waiting : openByStore.getOrDefault(wave.storeId(), List.of())) {
                boolean passedOver = !waiting.confirmedAt().isBefore(starvedBefore) && wave.legs().stream().anyMatch(taken ->
                        !taken.confirmedAt().isBefore(starvedBefore) && taken.priority().compareTo(waiting.priority()) < 0);
                if (passedOver) {
                    List<OpenLeg> mayRankAhead = wave.legs().stream().filter(m ->
                            m.confirmedAt().isBefore(starvedBefore) || m.priority().compareTo(waiting.priority()) >= 0).toList();
                    int items = mayRankAhead.stream().mapToInt(OpenLeg::items).sum();
                    long priorityTaken = wave.legs().stream().filter(m -> m.priority() != PriorityClass.STANDARD).count();
                    boolean ordinaryShare = waiting.priority() != PriorityClass.STANDARD
                            && priorityTaken >= rules.maxOrders() - rules.ordinarySlots();
                    assertTrue(mayRankAhead.size() >= rules.maxOrders() || items + waiting.items() > rules.maxItems() || ordinaryShare,
                            () -> waiting + " waits behind lower class legs in " + wave);
                }
            }
        }
    }

    /** A priority leg goes into a wave at once: none is left open, whatever else waits at its store. */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void leavesNoPriorityLegOpen(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules,
            @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        WaveDecision decision = WavePlanner.decide(legs, T0.plusSeconds(nowSecond), rules);

        assertEquals(List.of(), decision.stillOpen().stream().filter(leg -> leg.priority() != PriorityClass.STANDARD).toList());
    }

    /**
     * Ordinary legs keep their share: a wave that leaves a STANDARD leg of its store open while it is full of orders
     * holds at least its ordinary slots of STANDARD legs, unless the legs of a wave are too heavy for more.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void keepsTheOrdinarySlotsOfAFullWaveForStandardLegs(@ForAll("legs") List<OpenLeg> legs, @ForAll("rules") WaveRules rules,
            @ForAll @IntRange(min = 0, max = 1500) int nowSecond) {
        WaveDecision decision = WavePlanner.decide(legs, T0.plusSeconds(nowSecond), rules);

        Map<String, List<OpenLeg>> openByStore = decision.stillOpen().stream().collect(Collectors.groupingBy(OpenLeg::storeId));
        for (Wave wave : decision.waves()) {
            boolean ordinaryLeftOpen = openByStore.getOrDefault(wave.storeId(), List.of()).stream()
                    .anyMatch(leg -> leg.priority() == PriorityClass.STANDARD);
            if (ordinaryLeftOpen && wave.legs().size() == rules.maxOrders()) {
                long standard = wave.legs().stream().filter(leg -> leg.priority() == PriorityClass.STANDARD).count();
                assertTrue(standard >= rules.ordinarySlots(), wave::toString);
            }
        }
    }

    private static List<String> sorted(List<OpenLeg> legs) {
        Map<String, Integer> count = new HashMap<>();
        legs.forEach(leg -> count.merge(leg.storeId() + "/" + leg.orderId(), 1, Integer::sum));
        return count.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).sorted().toList();
    }
}
