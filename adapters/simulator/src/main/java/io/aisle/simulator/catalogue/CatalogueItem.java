package io.aisle.simulator.catalogue;

import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/**
 * One product of the simulated catalogue. {@code unit} says what one unit is ("5 kg bag", "500 g");
 * a {@code loose} product is produce sold by weight, one unit being 500 g (a jin). The base price is
 * in fen for one unit; chains and stores vary it a little. {@code zone} and {@code aisle} say where a
 * picker finds it in every store of the fleet.
 */
public record CatalogueItem(
        Gtin gtin,
        String name,
        String brand,
        String category,
        String sizeClass,
        String unit,
        long basePriceFen,
        int weightGrams,
        boolean loose,
        String zone,
        String aisle) {

    public CatalogueItem {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireText(name, "name");
        Checks.requireText(brand, "brand");
        Checks.requireText(category, "category");
        Checks.requireText(sizeClass, "sizeClass");
        Checks.requireText(unit, "unit");
        if (basePriceFen <= 0) {
            throw new IllegalArgumentException("basePriceFen of " + gtin + " must be positive, got " + basePriceFen);
        }
        Checks.requirePositive(weightGrams, "weightGrams");
        Checks.requireText(zone, "zone");
        Checks.requireText(aisle, "aisle");
    }

    /** The product as the super-app API shows it. */
    public Product toProduct() {
        return new Product(gtin, name, brand, category, sizeClass, unit);
    }
}
