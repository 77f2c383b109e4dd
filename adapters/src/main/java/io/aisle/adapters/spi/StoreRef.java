package io.aisle.adapters.spi;

import io.aisle.contracts.value.Checks;

/**
 * Which store an adapter call is for: our store id, its chain, and the id the chain itself uses for
 * the store (often the same string; legacy chains have their own branch codes).
 */
public record StoreRef(String storeId, String chainId, String partnerStoreId) {

    public StoreRef {
        Checks.requireText(storeId, "storeId");
        Checks.requireText(chainId, "chainId");
        if (partnerStoreId == null || partnerStoreId.isBlank()) {
            partnerStoreId = storeId;
        }
    }

    public StoreRef(String storeId, String chainId) {
        this(storeId, chainId, storeId);
    }
}
