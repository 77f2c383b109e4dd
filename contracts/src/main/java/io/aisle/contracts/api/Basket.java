package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.util.HashSet;
import java.util.List;

/** Checks shared by quote and order requests. */
final class Basket {

    static final int MAX_LINES = 100;
    static final int MAX_STORES_LIMIT = 5;

    private Basket() {
    }

    static List<BasketLine> lines(List<BasketLine> lines) {
        List<BasketLine> copy = Checks.requireNonEmpty(lines, "lines");
        if (copy.size() > MAX_LINES) {
            throw new IllegalArgumentException("lines allows at most " + MAX_LINES + " entries, got " + copy.size());
        }
        var seen = new HashSet<>();
        for (BasketLine line : copy) {
            if (!seen.add(line.gtin())) {
                throw new IllegalArgumentException("lines names gtin " + line.gtin() + " more than once");
            }
        }
        return copy;
    }

    static Integer maxStores(Integer maxStores) {
        if (maxStores != null && (maxStores < 1 || maxStores > MAX_STORES_LIMIT)) {
            throw new IllegalArgumentException("maxStores must be within [1, " + MAX_STORES_LIMIT + "], got " + maxStores);
        }
        return maxStores;
    }
}
