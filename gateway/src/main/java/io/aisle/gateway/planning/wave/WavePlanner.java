package io.aisle.gateway.planning.wave;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.planning.StableIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Decides which pick waves close now. Per store, the open legs are ranked: legs that waited longer than two windows
 * first (oldest first), then by priority class (HOSPITAL, ESSENTIAL_WORKER, STANDARD), then oldest first, then by
 * order id. A candidate wave takes legs in that rank while they fit the order and unit limits (first fit; a leg that
 * alone exceeds the unit limit still fills a wave on its own), except that while STANDARD legs wait, legs of a
 * priority class leave {@link WaveRules#ordinarySlots()} of its order slots to them (ordinary orders keep a bounded
 * share of every wave). The candidate closes when
 * <ul>
 *   <li>SIZE: it reached a limit, or some open leg did not fit in it;</li>
 *   <li>RIDER: the earliest expected rider of its legs, minus the wave's pick time, is not after now;</li>
 *   <li>PRIORITY: it holds a leg of a priority class (HOSPITAL, ESSENTIAL_WORKER): such a leg goes into a wave at once,
 *       with the ordinary legs waiting beside it;</li>
 *   <li>WINDOW: its oldest leg has waited at least the window.</li>
 * </ul>
 * Closing repeats on the legs left over until no candidate closes. So after a decision every leg still open has
 * waited less than the window, and a caller that looks again at {@code nextCheck} never lets a wave wait past it.
 */
public final class WavePlanner {

    private WavePlanner() {
    }

    public static WaveDecision decide(List<OpenLeg> open, Instant now, WaveRules rules) {
        Checks.requireNonNull(now, "now");
        Checks.requireNonNull(rules, "rules");
        Map<String, List<OpenLeg>> byStore = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (OpenLeg leg : Checks.copyOrEmpty(open, "open")) {
            if (!seen.add(leg.storeId() + "\n" + leg.orderId())) {
                throw new IllegalArgumentException("order " + leg.orderId() + " has more than one open leg at store " + leg.storeId());
            }
            byStore.computeIfAbsent(leg.storeId(), id -> new ArrayList<>()).add(leg);
        }

        List<Wave> waves = new ArrayList<>();
        List<OpenLeg> stillOpen = new ArrayList<>();
        Instant nextCheck = null;
        for (Map.Entry<String, List<OpenLeg>> store : byStore.entrySet()) {
            List<OpenLeg> remaining = new ArrayList<>(store.getValue());
            remaining.sort(rank(now, rules));
            while (!remaining.isEmpty()) {
                Candidate candidate = Candidate.pack(remaining, rules);
                WaveCloseReason reason = candidate.reasonToClose(now, rules);
                if (reason == null) {
                    stillOpen.addAll(remaining);
                    Instant due = candidate.due(rules);
                    nextCheck = nextCheck == null || due.isBefore(nextCheck) ? due : nextCheck;
                    break;
                }
                waves.add(new Wave(waveId(store.getKey(), candidate.legs), store.getKey(), reason, now, candidate.legs));
                remaining = candidate.leftOver;
            }
        }
        return new WaveDecision(waves, stillOpen, nextCheck);
    }

    /** The rank of open legs at {@code now}: starving legs, then priority class, then age, then order id. */
    public static Comparator<OpenLeg> rank(Instant now, WaveRules rules) {
        Instant starvedBefore = now.minus(rules.starvationLimit());
        Comparator<OpenLeg> starvingFirst = Comparator.comparing(leg -> !leg.confirmedAt().isBefore(starvedBefore));
        return starvingFirst
                .thenComparing(leg -> leg.confirmedAt().isBefore(starvedBefore) ? 0 : -leg.priority().ordinal())
                .thenComparing(OpenLeg::confirmedAt)
                .thenComparing(OpenLeg::orderId);
    }

    static String waveId(String storeId, List<OpenLeg> legs) {
        return StableIds.of("wave", Stream.concat(Stream.of("store:" + storeId), legs.stream().map(leg -> "order:" + leg.orderId())).toList());
    }

    /** The legs a wave would take now, in rank order, and those that did not fit. */
    private record Candidate(List<OpenLeg> legs, List<OpenLeg> leftOver, int items, Set<Gtin> products) {

        static Candidate pack(List<OpenLeg> ranked, WaveRules rules) {
            List<OpenLeg> taken = new ArrayList<>();
            List<OpenLeg> leftOver = new ArrayList<>();
            Set<Gtin> products = new HashSet<>();
            int items = 0;
            long ordinary = ranked.stream().filter(leg -> leg.priority() == PriorityClass.STANDARD).count();
            int prioritySlots = rules.maxOrders() - (int) Math.min(ordinary, rules.ordinarySlots());
            int priorityTaken = 0;
            for (OpenLeg leg : ranked) {
                boolean priority = leg.priority() != PriorityClass.STANDARD;
                boolean fits = taken.isEmpty()
                        || (taken.size() < rules.maxOrders() && items + leg.items() <= rules.maxItems()
                            && (!priority || priorityTaken < prioritySlots));
                if (fits) {
                    taken.add(leg);
                    items += leg.items();
                    priorityTaken += priority ? 1 : 0;
                    products.addAll(leg.products());
                } else {
                    leftOver.add(leg);
                }
            }
            return new Candidate(List.copyOf(taken), leftOver, items, products);
        }

        WaveCloseReason reasonToClose(Instant now, WaveRules rules) {
            if (!leftOver.isEmpty() || legs.size() >= rules.maxOrders() || items >= rules.maxItems()) {
                return WaveCloseReason.SIZE;
            }
            Instant riderDue = riderDue(rules);
            if (riderDue != null && !riderDue.isAfter(now)) {
                return WaveCloseReason.RIDER;
            }
            if (legs.stream().anyMatch(leg -> leg.priority() != PriorityClass.STANDARD)) {
                return WaveCloseReason.PRIORITY;
            }
            return windowDue(rules).isAfter(now) ? null : WaveCloseReason.WINDOW;
        }

        /** The earliest moment this candidate would close if nothing changed. */
        Instant due(WaveRules rules) {
            Instant windowDue = windowDue(rules);
            Instant riderDue = riderDue(rules);
            return riderDue != null && riderDue.isBefore(windowDue) ? riderDue : windowDue;
        }

        private Instant windowDue(WaveRules rules) {
            return legs.stream().map(OpenLeg::confirmedAt).min(Comparator.naturalOrder()).orElseThrow().plus(rules.window());
        }

        private Instant riderDue(WaveRules rules) {
            Duration pickTime = rules.pickTime(products.size());
            return legs.stream().map(OpenLeg::riderExpectedAt).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).map(arrival -> arrival.minus(pickTime)).orElse(null);
        }
    }
}
