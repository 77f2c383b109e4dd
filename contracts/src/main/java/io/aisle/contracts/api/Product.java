package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/**
 * A catalogue product. {@code unit} is what one unit is ("5 kg bag", "500 g", "30 eggs");
 * {@code category} and {@code sizeClass} decide what counts as a SIMILAR substitute.
 */
public record Product(Gtin gtin, String name, String brand, String category, String sizeClass, String unit) {

    /** The longest name, and the longest brand, category, size class or unit, a product may have. */
    public static final int MAX_NAME = 200;
    public static final int MAX_LABEL = 64;

    public Product {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireText(name, "name", Product.MAX_NAME);
        Checks.requireAtMost(brand, "brand", Product.MAX_LABEL);
        Checks.requireText(category, "category", Product.MAX_LABEL);
        Checks.requireText(sizeClass, "sizeClass", Product.MAX_LABEL);
        Checks.requireText(unit, "unit", Product.MAX_LABEL);
    }

    public boolean similarTo(Product other) {
        return !gtin.equals(other.gtin) && category.equals(other.category) && sizeClass.equals(other.sizeClass);
    }
}
