package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.util.List;

/** A batch of catalogue products, chains' product codes and stores to put into the registry at once. */
public record Onboarding(List<OnboardedProduct> products, List<ProductCode> productCodes, List<OnboardedStore> stores) {

    public static final int MAX_ITEMS = 20_000;

    public Onboarding {
        products = Checks.copyOrEmpty(products, "products");
        productCodes = Checks.copyOrEmpty(productCodes, "productCodes");
        stores = Checks.copyOrEmpty(stores, "stores");
        if (products.size() + productCodes.size() + stores.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("one onboarding batch takes at most " + MAX_ITEMS + " products, codes and stores");
        }
    }
}
