package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** A chain's own code for a product, and how many of its units make one of ours (2 for loose produce in jin). */
public record ProductCode(String chainId, Gtin gtin, String code, int partnerUnitsPerUnit) {

    public ProductCode {
        Checks.requireId(chainId, "chainId");
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireText(code, "code", Product.MAX_LABEL);
        if (partnerUnitsPerUnit == 0) {
            partnerUnitsPerUnit = 1;
        }
        Checks.requirePositive(partnerUnitsPerUnit, "partnerUnitsPerUnit");
    }
}
