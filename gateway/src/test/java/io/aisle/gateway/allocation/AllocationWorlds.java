package io.aisle.gateway.allocation;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated baskets and candidate stores over a small product range, so that stores, lines and substitutes overlap
 * often. Products 0 and 3, 1 and 4, 2 and 5 are SIMILAR pairs; 6 and 7 share a category with 0 and 1 but not the size;
 * product 8 has no catalogue facts.
 */
final class AllocationWorlds {

    static final int PRODUCTS = 9;
    private static final long[] PRICES = {100, 150, 200, 300};

    static final List<Product> FACTS = IntStream.range(0, PRODUCTS - 1)
            .mapToObj(i -> new Product(product(i), "product " + i, null, "category-" + (i % 3), i < 6 ? "large" : "small", "unit"))
            .toList();

    /** The shape of what to generate: how many stores, lines, units at most, and whether lockdown rules apply. */
    record Limits(int stores, int lines, int quantity, int stock, boolean lockdown) {
    }

    private record StoreSpec(int tenthsOfKm, int[] stock, int[] price) {
    }

    private AllocationWorlds() {
    }

    static Gtin product(int i) {
        return AllocationFixtures.gtin(100 + i);
    }

    static Arbitrary<AllocationRequest> requests(Limits limits) {
        return Combinators.combine(lines(limits), stores(limits), rules(limits))
                .as((lines, stores, rules) -> new AllocationRequest(lines, stores, FACTS, rules));
    }

    private static Arbitrary<List<BasketLine>> lines(Limits limits) {
        Arbitrary<BasketLine> line = Combinators.combine(
                Arbitraries.integers().between(0, PRODUCTS - 1),
                Arbitraries.integers().between(1, limits.quantity()),
                Arbitraries.of(SubstitutionMode.class),
                Arbitraries.integers().between(0, PRODUCTS - 1).list().uniqueElements().ofMinSize(1).ofMaxSize(3))
                .as((product, quantity, mode, alternates) -> {
                    List<Gtin> others = alternates.stream().filter(a -> !a.equals(product)).map(AllocationWorlds::product).toList();
                    Substitution substitution = switch (mode) {
                        case NONE -> Substitution.NONE;
                        case SIMILAR -> new Substitution(SubstitutionMode.SIMILAR, List.of());
                        case ALTERNATES -> others.isEmpty() ? Substitution.NONE : new Substitution(SubstitutionMode.ALTERNATES, others);
                    };
                    return new BasketLine(product(product), quantity, substitution);
                });
        return line.list().ofMinSize(1).ofMaxSize(limits.lines()).uniqueElements(BasketLine::gtin);
    }

    private static Arbitrary<List<CandidateStore>> stores(Limits limits) {
        Arbitrary<StoreSpec> store = Combinators.combine(
                Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(-limits.stock() / 2, limits.stock()).array(int[].class).ofSize(PRODUCTS),
                Arbitraries.integers().between(0, PRICES.length - 1).array(int[].class).ofSize(PRODUCTS))
                .as(StoreSpec::new);
        return store.list().ofMinSize(1).ofMaxSize(limits.stores()).map(specs -> {
            List<CandidateStore> stores = new ArrayList<>();
            for (int s = 0; s < specs.size(); s++) {
                StoreSpec spec = specs.get(s);
                List<Offer> offers = new ArrayList<>();
                for (int p = 0; p < PRODUCTS; p++) {
                    if (spec.stock()[p] >= 0) {
                        offers.add(new Offer(product(p), spec.stock()[p], Money.fen(PRICES[spec.price()[p]])));
                    }
                }
                stores.add(new CandidateStore("store-" + s, spec.tenthsOfKm() / 10.0, offers));
            }
            return stores;
        });
    }

    private static Arbitrary<AllocationRules> rules(Limits limits) {
        Arbitrary<Integer> maxStores = Arbitraries.of(1, 1, 2, 2, 2, 3, 3, 4, 5);
        if (!limits.lockdown()) {
            return maxStores.map(AllocationRules::of);
        }
        Arbitrary<Map<Integer, Integer>> caps = Arbitraries.maps(Arbitraries.integers().between(0, PRODUCTS - 1),
                Arbitraries.integers().between(1, 4)).ofMaxSize(2);
        Arbitrary<Map<Integer, Long>> ceilings = Arbitraries.maps(Arbitraries.integers().between(0, PRODUCTS - 1),
                Arbitraries.of(150L, 200L)).ofMaxSize(2);
        return Combinators.combine(maxStores, caps, ceilings).as((max, capOf, ceilingOf) -> {
            Map<Gtin, Integer> purchaseCaps = new HashMap<>();
            capOf.forEach((p, cap) -> purchaseCaps.put(product(p), cap));
            Map<Gtin, Money> priceCeilings = new HashMap<>();
            ceilingOf.forEach((p, fen) -> priceCeilings.put(product(p), Money.fen(fen)));
            return AllocationRules.of(max).withLockdown(new LockdownRules(purchaseCaps, priceCeilings));
        });
    }
}
