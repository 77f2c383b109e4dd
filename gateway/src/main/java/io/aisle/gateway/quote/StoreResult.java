package io.aisle.gateway.quote;

import io.aisle.contracts.api.StoreOutcome;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.gateway.store.NearbyStore;

/** What one candidate store contributed to a fan-out: its outcome, latency and (when it answered) its stock. */
public record StoreResult(NearbyStore candidate, StoreOutcome outcome, long latencyMs, StockAnswer answer, String detail) {

    public boolean hasStock() {
        return answer != null;
    }

    public StoreReport report() {
        return new StoreReport(candidate.store().storeId(), outcome, latencyMs, detail);
    }
}
