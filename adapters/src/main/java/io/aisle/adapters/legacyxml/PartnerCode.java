package io.aisle.adapters.legacyxml;

import io.aisle.contracts.value.Checks;

/**
 * A chain's own code for one of our products, and how many of the chain's units make one of ours
 * ({@code product_mappings.partner_units_per_unit}): 1 for goods sold each; 2 for loose produce,
 * whose unit is 1 kg for us and the jin (500 g) for the chain. Converts quantities and prices both ways.
 */
public record PartnerCode(String code, int unitsPerUnit) {

    public PartnerCode {
        Checks.requireText(code, "code");
        Checks.requirePositive(unitsPerUnit, "unitsPerUnit");
    }

    /** A code for a product the chain counts as we do. */
    public static PartnerCode each(String code) {
        return new PartnerCode(code, 1);
    }

    /** Our units in the chain's: a hold of 2 units of loose produce is 4 jin. */
    public int toPartnerQuantity(int units) {
        return Math.multiplyExact(units, unitsPerUnit);
    }

    /**
     * The whole units of ours in a quantity of the chain's, rounded down (a stock of 7 jin is 3 units of
     * 1 kg); a negative level (the chain oversold) is none.
     */
    public int toUnits(int partnerQuantity) {
        return partnerQuantity <= 0 ? 0 : partnerQuantity / unitsPerUnit;
    }

    /** True when the chain's quantity is a whole number of our units. */
    public boolean isWholeUnits(int partnerQuantity) {
        return partnerQuantity % unitsPerUnit == 0;
    }

    /** The price of one of our units from the price of one of the chain's: 650 fen per jin is 1300 fen per kg. */
    public long toUnitPrice(long partnerUnitPriceFen) {
        return Math.multiplyExact(partnerUnitPriceFen, unitsPerUnit);
    }

    /** The price of one of the chain's units from ours, to the nearest fen. */
    public long toPartnerPrice(long unitPriceFen) {
        return Math.round((double) unitPriceFen / unitsPerUnit);
    }
}
