package io.aisle.contracts.api;

import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/**
 * Lockdown rules on a scarce staple: at most {@code purchaseCap} units per order, no offer above
 * {@code priceCeiling} a unit, at most {@code householdCap} units per household per rolling window, and a share of
 * each store's stock kept for priority orders ({@code priorityReserve}). Any may be null (no rule). {@code gtin} is set
 * in answers.
 */
public record ProductRules(Gtin gtin, Integer purchaseCap, Money priceCeiling, HouseholdCap householdCap,
                           PriorityReserve priorityReserve) {

    public static final int MAX_CAP = 999;

    public ProductRules {
        if (purchaseCap != null && (purchaseCap < 1 || purchaseCap > MAX_CAP)) {
            throw new IllegalArgumentException("purchaseCap must be within [1, " + MAX_CAP + "], got " + purchaseCap);
        }
        if (priceCeiling != null && (priceCeiling.amount() < 1 || !Money.CNY.equals(priceCeiling.currency()))) {
            throw new IllegalArgumentException("priceCeiling must be a positive amount in CNY");
        }
    }

    /** Rules without a priority reserve. */
    public ProductRules(Gtin gtin, Integer purchaseCap, Money priceCeiling, HouseholdCap householdCap) {
        this(gtin, purchaseCap, priceCeiling, householdCap, null);
    }

    /** Rules without a household cap or priority reserve. */
    public ProductRules(Gtin gtin, Integer purchaseCap, Money priceCeiling) {
        this(gtin, purchaseCap, priceCeiling, null, null);
    }
}
