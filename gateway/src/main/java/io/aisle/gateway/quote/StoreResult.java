package io.aisle.gateway.quote;

import io.aisle.contracts.api.StoreOutcome;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.gateway.store.NearbyStore;

/**
 * What one candidate store contributed to a fan-out: its outcome, latency and (when it answered) its
 * stock. {@code lostToLoad}: the store was not heard from because of load, not because of the store
 * (a quota or bulkhead refused the call, the deadline passed before it could be made, or it timed
 * out while this instance was saturated); what it would have offered is unknown.
 */
public record StoreResult(NearbyStore candidate, StoreOutcome outcome, long latencyMs, StockAnswer answer, String detail,
                          boolean lostToLoad) {

    public StoreResult(NearbyStore candidate, StoreOutcome outcome, long latencyMs, StockAnswer answer, String detail) {
        this(candidate, outcome, latencyMs, answer, detail, false);
    }

    public boolean hasStock() {
        return answer != null;
    }

    public StoreReport report() {
        return new StoreReport(candidate.store().storeId(), outcome, latencyMs, detail);
    }
}
