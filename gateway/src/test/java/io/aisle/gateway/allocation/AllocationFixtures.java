package io.aisle.gateway.allocation;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Products, stores, baskets and rules for allocation tests, and ways to read a plan. */
final class AllocationFixtures {

    static final Gtin RICE_5KG = gtin(1);
    static final Gtin RICE_5KG_OTHER_BRAND = gtin(2);
    static final Gtin RICE_5KG_THIRD_BRAND = gtin(3);
    static final Gtin RICE_1KG = gtin(4);
    static final Gtin FLOUR_5KG = gtin(5);
    static final Gtin EGGS_30 = gtin(6);
    static final Gtin MASKS_50 = gtin(7);

    static final List<Product> CATALOGUE = List.of(
            product(RICE_5KG, "Golden rice", "rice", "5kg"),
            product(RICE_5KG_OTHER_BRAND, "Northern rice", "rice", "5kg"),
            product(RICE_5KG_THIRD_BRAND, "Jasmine rice", "rice", "5kg"),
            product(RICE_1KG, "Golden rice", "rice", "1kg"),
            product(FLOUR_5KG, "Wheat flour", "flour", "5kg"),
            product(EGGS_30, "Eggs", "eggs", "30"),
            product(MASKS_50, "Masks", "masks", "50"));

    private AllocationFixtures() {
    }

    static Gtin gtin(int n) {
        return Gtin.fromPrefix(String.format("690%09d", n));
    }

    static Product product(Gtin gtin, String name, String category, String sizeClass) {
        return new Product(gtin, name, "Brand " + gtin.value().substring(9), category, sizeClass, sizeClass);
    }

    static Offer offer(Gtin gtin, int available, long fen) {
        return new Offer(gtin, available, Money.fen(fen));
    }

    static CandidateStore store(String storeId, double distanceKm, Offer... offers) {
        return new CandidateStore(storeId, distanceKm, List.of(offers));
    }

    static BasketLine line(Gtin gtin, int quantity) {
        return new BasketLine(gtin, quantity);
    }

    static BasketLine line(Gtin gtin, int quantity, Substitution substitution) {
        return new BasketLine(gtin, quantity, substitution);
    }

    static Substitution alternates(Gtin... gtins) {
        return new Substitution(SubstitutionMode.ALTERNATES, List.of(gtins));
    }

    static Substitution similar() {
        return new Substitution(SubstitutionMode.SIMILAR, List.of());
    }

    static List<BasketLine> basket(BasketLine... lines) {
        return List.of(lines);
    }

    static List<CandidateStore> stores(CandidateStore... stores) {
        return List.of(stores);
    }

    static AllocationRules maxStores(int maxStores) {
        return AllocationRules.of(maxStores);
    }

    static AllocationRules capped(Gtin gtin, int cap) {
        return AllocationRules.DEFAULTS.withLockdown(new LockdownRules(Map.of(gtin, cap), Map.of()));
    }

    static AllocationRules ceiling(Gtin gtin, long fen) {
        return AllocationRules.DEFAULTS.withLockdown(new LockdownRules(Map.of(), Map.of(gtin, Money.fen(fen))));
    }

    static Plan allocate(List<BasketLine> basket, List<CandidateStore> stores) {
        return allocate(basket, stores, AllocationRules.DEFAULTS);
    }

    static Plan allocate(List<BasketLine> basket, List<CandidateStore> stores, AllocationRules rules) {
        return Allocator.allocate(new AllocationRequest(basket, stores, CATALOGUE, rules));
    }

    /** Units of a product the plan takes from a store, as the product itself or as a substitute. */
    static int units(Plan plan, String storeId, Gtin gtin) {
        return plan.legs().stream().filter(leg -> leg.storeId().equals(storeId))
                .flatMap(leg -> leg.lines().stream()).filter(line -> line.gtin().equals(gtin))
                .mapToInt(LegLine::quantity).sum();
    }

    /** Units of {@code substitute} standing in for {@code requested}, over all stores. */
    static int substituted(Plan plan, Gtin requested, Gtin substitute) {
        return plan.legs().stream().flatMap(leg -> leg.lines().stream())
                .filter(line -> Objects.equals(line.substituteFor(), requested) && line.gtin().equals(substitute))
                .mapToInt(LegLine::quantity).sum();
    }

    static Leg leg(Plan plan, String storeId) {
        return plan.legs().stream().filter(leg -> leg.storeId().equals(storeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no leg at store " + storeId + " in " + plan));
    }
}
