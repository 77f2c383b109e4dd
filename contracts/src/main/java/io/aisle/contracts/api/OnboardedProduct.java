package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** A catalogue product as onboarding sends it: the product, its weight, and where stores shelve it. */
public record OnboardedProduct(Gtin gtin, String name, String brand, String category, String sizeClass, String unit,
                               int weightGrams, boolean loose, String zone, String aisle) {

    public OnboardedProduct {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireText(name, "name", Product.MAX_NAME);
        Checks.requireAtMost(brand, "brand", Product.MAX_LABEL);
        Checks.requireText(category, "category", Product.MAX_LABEL);
        Checks.requireText(sizeClass, "sizeClass", Product.MAX_LABEL);
        Checks.requireText(unit, "unit", Product.MAX_LABEL);
        Checks.requirePositive(weightGrams, "weightGrams");
        Checks.requireAtMost(zone, "zone", Product.MAX_LABEL);
        Checks.requireAtMost(aisle, "aisle", Product.MAX_LABEL);
    }

    public Product product() {
        return new Product(gtin, name, brand, category, sizeClass, unit);
    }
}
