package io.aisle.gateway.allocation;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Checks;
import java.util.HashSet;
import io.aisle.contracts.value.Gtin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the allocator decides from: the basket, the stock offers of the candidate stores, the catalogue facts
 * SIMILAR substitution compares (category and size class, for the requested products and the ones stores offer), the
 * rules, and the candidate stores that did not answer in time (their stock is unknown, so units no store that answered
 * has are NO_STORE_ANSWERED rather than OUT_OF_STOCK). Every offer and price ceiling is in the rules' currency.
 */
public record AllocationRequest(List<BasketLine> lines, List<CandidateStore> candidates, List<Product> products,
                                AllocationRules rules, List<String> unanswered) {

    public AllocationRequest {
        lines = Checks.requireNonEmpty(lines, "lines");
        candidates = Checks.copyOrEmpty(candidates, "candidates");
        products = Checks.copyOrEmpty(products, "products");
        Checks.requireNonNull(rules, "rules");
        unanswered = Checks.copyOrEmpty(unanswered, "unanswered");
        requireDistinct(lines.stream().map(BasketLine::gtin).toList(), "lines name gtin");
        requireDistinct(candidates.stream().map(CandidateStore::storeId).toList(), "candidates name store");
        requireDistinct(products.stream().map(Product::gtin).toList(), "products name gtin");
        for (CandidateStore store : candidates) {
            for (Offer offer : store.offers()) {
                if (!offer.unitPrice().currency().equals(rules.currency())) {
                    throw new IllegalArgumentException("store " + store.storeId() + " prices gtin " + offer.gtin() + " in "
                            + offer.unitPrice().currency() + ", not " + rules.currency());
                }
            }
        }
    }

    public AllocationRequest(List<BasketLine> lines, List<CandidateStore> candidates, List<Product> products, AllocationRules rules) {
        this(lines, candidates, products, rules, List.of());
    }

    public AllocationRequest(List<BasketLine> lines, List<CandidateStore> candidates, AllocationRules rules) {
        this(lines, candidates, List.of(), rules);
    }

    /** The same request without the given store, as when a hold there failed and the basket is planned again. */
    public AllocationRequest without(String storeId) {
        return new AllocationRequest(lines, candidates.stream().filter(store -> !store.storeId().equals(storeId)).toList(),
                products, rules, unanswered);
    }

    /** The same request for a household that may still buy {@code left} of the products with a household cap. */
    public AllocationRequest withHouseholdLeft(Map<Gtin, Integer> left) {
        return new AllocationRequest(lines, candidates, products, rules.withLockdown(rules.lockdown().withHouseholdLeft(left)),
                unanswered);
    }

    private static <T> void requireDistinct(List<T> values, String what) {
        Set<T> seen = new HashSet<>();
        for (T value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException(what + " " + value + " more than once");
            }
        }
    }
}
