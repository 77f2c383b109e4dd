package io.aisle.contracts.partner;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/**
 * Stock a store pushes to Aisle. Sequences grow per store; a push older than the last one applied is ignored.
 */
public record StockPush(String storeId, @JsonProperty(required = true) long sequence, StockPushKind kind, Instant asOf, List<StockItem> items) {

    public StockPush {
        Checks.requireText(storeId, "storeId");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonNull(asOf, "asOf");
        items = Checks.copyOrEmpty(items, "items");
    }
}
