package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.util.List;

/** The answer to {@code GET /v1/catalog}: matching products, best match first. */
public record CatalogPage(List<Product> products) {

    public CatalogPage {
        products = Checks.copyOrEmpty(products, "products");
    }
}
