package io.aisle.gateway.planning.wave;

import static io.aisle.gateway.planning.PlanningFixtures.T0;
import static io.aisle.gateway.planning.PlanningFixtures.TOWN_SQUARE;
import static io.aisle.gateway.planning.PlanningFixtures.gtin;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generated open legs over two stores and six products, and generated wave rules. */
public final class WaveWorlds {

    static final List<String> STORES = List.of("store-a", "store-b");

    private record Spec(int store, PriorityClass priority, int confirmedSecond, List<LegLine> lines, Integer riderSecond) {
    }

    private WaveWorlds() {
    }

    public static Arbitrary<WaveRules> rules() {
        return Combinators.combine(
                Arbitraries.integers().between(60, 600),
                Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(3, 30),
                Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(0, 180))
                .as((window, orders, items, perLine, base) -> new WaveRules(Duration.ofSeconds(window), orders, items,
                        Duration.ofSeconds(perLine), Duration.ofSeconds(base)));
    }

    /** Legs with distinct order ids, confirmed within the first {@code spanSeconds} after T0. */
    public static Arbitrary<List<OpenLeg>> legs(int maxLegs, int spanSeconds) {
        Arbitrary<LegLine> line = Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 8))
                .as((product, quantity) -> LegLine.of(gtin(product), quantity, Money.fen(100L * product)));
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, STORES.size() - 1),
                Arbitraries.of(PriorityClass.class),
                Arbitraries.integers().between(0, spanSeconds),
                line.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, spanSeconds + 1200).injectNull(0.5))
                .as(Spec::new);
        return spec.list().ofMinSize(0).ofMaxSize(maxLegs).map(specs -> {
            List<OpenLeg> legs = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                int weight = s.lines().stream().mapToInt(l -> l.quantity() * 400).sum();
                legs.add(new OpenLeg("o-" + i, STORES.get(s.store()), s.lines(), weight, s.priority(),
                        T0.plusSeconds(s.confirmedSecond()), TOWN_SQUARE,
                        s.riderSecond() == null ? null : T0.plusSeconds(s.riderSecond())));
            }
            return legs;
        });
    }

    /**
     * Lets the legs arrive at their confirmation times and asks the planner at every arrival and at every
     * {@code nextCheck} it names, until no leg is open. A look at {@code nextCheck} must close a wave.
     */
    public static List<Wave> simulate(List<OpenLeg> legs, WaveRules rules) {
        List<OpenLeg> arrivals = new ArrayList<>(legs);
        arrivals.sort(Comparator.comparing(OpenLeg::confirmedAt).thenComparing(OpenLeg::storeId).thenComparing(OpenLeg::orderId));
        List<OpenLeg> open = new ArrayList<>();
        List<Wave> closed = new ArrayList<>();
        Instant nextCheck = null;
        int next = 0;
        while (next < arrivals.size() || nextCheck != null) {
            Instant now;
            boolean asked = next >= arrivals.size() || (nextCheck != null && arrivals.get(next).confirmedAt().isAfter(nextCheck));
            if (asked) {
                now = nextCheck;
            } else {
                now = arrivals.get(next).confirmedAt();
                while (next < arrivals.size() && arrivals.get(next).confirmedAt().equals(now)) {
                    open.add(arrivals.get(next++));
                }
            }
            WaveDecision decision = WavePlanner.decide(open, now, rules);
            if (asked && decision.waves().isEmpty()) {
                throw new AssertionError("asked to look again at " + now + " but nothing closes: " + decision);
            }
            closed.addAll(decision.waves());
            open = new ArrayList<>(decision.stillOpen());
            nextCheck = decision.nextCheck();
        }
        return closed;
    }
}
