package io.aisle.adapters.legacyxml;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** One row of the registry's {@code product_mappings}: a chain's code for a GTIN, with its unit ratio. */
public record ProductMapping(String chainId, Gtin gtin, PartnerCode partnerCode) {

    public ProductMapping {
        Checks.requireText(chainId, "chainId");
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireNonNull(partnerCode, "partnerCode");
    }

    public ProductMapping(String chainId, Gtin gtin, String code, int partnerUnitsPerUnit) {
        this(chainId, gtin, new PartnerCode(code, partnerUnitsPerUnit));
    }
}
