package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** A catalogue product as onboarding sends it: the product, its weight, and where stores shelve it. */
public record OnboardedProduct(Gtin gtin, String name, String brand, String category, String sizeClass, String unit,
                               int weightGrams, boolean loose, String zone, String aisle) {

    public OnboardedProduct {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireText(name, "name");
        Checks.requireText(category, "category");
        Checks.requireText(sizeClass, "sizeClass");
        Checks.requireText(unit, "unit");
        Checks.requirePositive(weightGrams, "weightGrams");
    }

    public Product product() {
        return new Product(gtin, name, brand, category, sizeClass, unit);
    }
}
