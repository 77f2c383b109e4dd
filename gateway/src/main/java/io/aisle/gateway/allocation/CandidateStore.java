package io.aisle.gateway.allocation;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A store that may supply the basket: its distance from the delivery address and what it offers.
 * A store offers each product at most once.
 */
public record CandidateStore(String storeId, double distanceKm, List<Offer> offers) {

    public CandidateStore {
        Checks.requireText(storeId, "storeId");
        if (!Double.isFinite(distanceKm) || distanceKm < 0) {
            throw new IllegalArgumentException(
                    "distanceKm of store " + storeId + " must be a finite, non-negative number, got " + distanceKm);
        }
        offers = Checks.copyOrEmpty(offers, "offers of store " + storeId);
        Set<Gtin> seen = new HashSet<>();
        for (Offer offer : offers) {
            if (!seen.add(offer.gtin())) {
                throw new IllegalArgumentException("store " + storeId + " offers gtin " + offer.gtin() + " more than once");
            }
        }
    }
}
