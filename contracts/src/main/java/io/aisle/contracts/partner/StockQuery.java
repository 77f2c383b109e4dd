package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.util.List;

/** Asks one store for the stock and price of some products. */
public record StockQuery(List<Gtin> gtins) {

    public static final int MAX_GTINS = 100;

    public StockQuery {
        gtins = Checks.requireNonEmpty(gtins, "gtins");
        if (gtins.size() > MAX_GTINS) {
            throw new IllegalArgumentException("gtins allows at most " + MAX_GTINS + " entries");
        }
    }
}
