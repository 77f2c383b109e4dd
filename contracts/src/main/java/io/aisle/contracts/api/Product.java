package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/**
 * A catalogue product. {@code unit} is what one unit is ("5 kg bag", "500 g", "30 eggs");
 * {@code category} and {@code sizeClass} decide what counts as a SIMILAR substitute.
 */
public record Product(Gtin gtin, String name, String brand, String category, String sizeClass, String unit) {

    public Product {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireText(name, "name");
        Checks.requireText(category, "category");
        Checks.requireText(sizeClass, "sizeClass");
        Checks.requireText(unit, "unit");
    }

    public boolean similarTo(Product other) {
        return !gtin.equals(other.gtin) && category.equals(other.category) && sizeClass.equals(other.sizeClass);
    }
}
