package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;
import java.util.List;

/** The answer to {@code POST /v1/quotes}: the plan, what cannot be supplied, and the per-store report. */
public record QuoteResponse(String quoteId, List<Leg> legs, List<UnfilledLine> unfilled, Money total, List<StoreReport> stores) {

    public QuoteResponse {
        Checks.requireText(quoteId, "quoteId");
        legs = Checks.copyOrEmpty(legs, "legs");
        unfilled = Checks.copyOrEmpty(unfilled, "unfilled");
        Checks.requireNonNull(total, "total");
        stores = Checks.copyOrEmpty(stores, "stores");
    }
}
