package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.value.Gtin;
import java.util.Map;
import java.util.Optional;

/** Where a store keeps its products; empty for a product whose place the store has not told us. */
@FunctionalInterface
public interface StoreLayout {

    Optional<ShelfLocation> locate(Gtin gtin);

    /** A layout read from a map; products not in it have no known location. */
    static StoreLayout of(Map<Gtin, ShelfLocation> locations) {
        Map<Gtin, ShelfLocation> copy = Map.copyOf(locations);
        return gtin -> Optional.ofNullable(copy.get(gtin));
    }

    /** A store whose layout is unknown: its pick lists are sorted by GTIN alone. */
    static StoreLayout unknown() {
        return gtin -> Optional.empty();
    }
}
