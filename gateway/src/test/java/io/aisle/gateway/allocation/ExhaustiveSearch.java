package io.aisle.gateway.allocation;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference the allocator is checked against on small inputs: every set of at most {@code maxStores} stores, and
 * for each the most units it can fill. Each line takes its own product first (the allocation rule); the most units the
 * substitutes then add is the minimum cut of lines, products and stock, found by trying every set of lines.
 */
final class ExhaustiveSearch {

    /** The best any plan can do on the first criteria: unfilled units, then stores, then substituted units. */
    record Optimum(int unfilled, int stores, int substituted) implements Comparable<Optimum> {
        @Override
        public int compareTo(Optimum other) {
            if (unfilled != other.unfilled) {
                return Integer.compare(unfilled, other.unfilled);
            }
            if (stores != other.stores) {
                return Integer.compare(stores, other.stores);
            }
            return Integer.compare(substituted, other.substituted);
        }
    }

    private ExhaustiveSearch() {
    }

    static Optimum optimum(AllocationRequest request) {
        List<CandidateStore> stores = request.candidates();
        Optimum best = null;
        for (int set = 0; set < 1 << stores.size(); set++) {
            if (Integer.bitCount(set) > request.rules().maxStores()) {
                continue;
            }
            Optimum fill = fill(request, set);
            if (best == null || fill.compareTo(best) < 0) {
                best = fill;
            }
        }
        return best;
    }

    private static Optimum fill(AllocationRequest request, int set) {
        LockdownRules lockdown = request.rules().lockdown();
        Map<Gtin, Integer> stock = new HashMap<>();
        for (int s = 0; s < request.candidates().size(); s++) {
            if ((set & 1 << s) == 0) {
                continue;
            }
            for (Offer offer : request.candidates().get(s).offers()) {
                Money ceiling = lockdown.priceCeiling(offer.gtin()).orElse(null);
                if (ceiling == null || offer.unitPrice().amount() <= ceiling.amount()) {
                    stock.merge(offer.gtin(), offer.available(), Integer::sum);
                }
            }
        }
        Map<Gtin, Integer> allowed = new HashMap<>();
        stock.forEach((gtin, units) -> allowed.put(gtin, Math.min(units, lockdown.purchaseCap(gtin).orElse(Integer.MAX_VALUE))));
        int asked = 0;
        int originals = 0;
        List<Integer> missing = new ArrayList<>();
        for (BasketLine line : request.lines()) {
            asked += line.quantity();
            int wanted = Math.min(line.quantity(), lockdown.purchaseCap(line.gtin()).orElse(Integer.MAX_VALUE));
            int own = Math.min(wanted, allowed.getOrDefault(line.gtin(), 0));
            allowed.merge(line.gtin(), -own, Integer::sum);
            originals += own;
            missing.add(wanted - own);
        }
        int substitutes = mostSubstituteUnits(request, missing, allowed);
        return new Optimum(asked - originals - substitutes, Integer.bitCount(set), substitutes);
    }

    /** Max flow lines -> accepted products -> stock, as the smallest cut over every set of lines kept on the source side. */
    private static int mostSubstituteUnits(AllocationRequest request, List<Integer> missing, Map<Gtin, Integer> allowed) {
        List<BasketLine> lines = request.lines();
        int smallestCut = Integer.MAX_VALUE;
        for (int kept = 0; kept < 1 << lines.size(); kept++) {
            int cut = 0;
            Set<Gtin> reached = new TreeSet<>();
            for (int i = 0; i < lines.size(); i++) {
                if ((kept & 1 << i) == 0) {
                    cut += missing.get(i);
                } else {
                    reached.addAll(accepted(lines.get(i), request.products()));
                }
            }
            for (Gtin gtin : reached) {
                cut += Math.max(0, allowed.getOrDefault(gtin, 0));
            }
            smallestCut = Math.min(smallestCut, cut);
        }
        return smallestCut;
    }

    private static List<Gtin> accepted(BasketLine line, List<Product> facts) {
        return switch (line.substitution().mode()) {
            case NONE -> List.of();
            case ALTERNATES -> line.substitution().alternates();
            case SIMILAR -> {
                Product requested = facts.stream().filter(p -> p.gtin().equals(line.gtin())).findFirst().orElse(null);
                yield requested == null ? List.of()
                        : facts.stream().filter(requested::similarTo).map(Product::gtin).toList();
            }
        };
    }
}
