package io.aisle.gateway.allocation;

import io.aisle.contracts.api.HouseholdCap;
import io.aisle.contracts.api.PriorityReserve;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Rules for scarce staples. {@code purchaseCaps}: the most units of a product one order may contain, counting the
 * units that substitute for another line. {@code priceCeilings}: offers priced above the ceiling are not used.
 * {@code householdCaps}: the most units of a product one household may buy per rolling window; {@code householdLeft}:
 * what the ordering household may still buy of such products now (counting substitutes too), known only when the
 * household is (an order): a product with a household cap but nothing known left is not limited by it.
 * {@code priorityReserves}: the share of each store's stock of a product kept for priority orders (at most
 * {@value PriorityReserve#MAX_SHARE}, rounded down, so ordinary orders always see at least half of it); {@code reserveOpen}:
 * whether the basket planned is a priority order's, which may use the reserve too.
 */
public record LockdownRules(Map<Gtin, Integer> purchaseCaps, Map<Gtin, Money> priceCeilings,
                            Map<Gtin, HouseholdCap> householdCaps, Map<Gtin, Integer> householdLeft,
                            Map<Gtin, PriorityReserve> priorityReserves, boolean reserveOpen) {

    public static final LockdownRules NONE = new LockdownRules(Map.of(), Map.of());

    public LockdownRules {
        purchaseCaps = copy(purchaseCaps, "purchaseCaps");
        priceCeilings = copy(priceCeilings, "priceCeilings");
        householdCaps = copy(householdCaps, "householdCaps");
        householdLeft = copy(householdLeft, "householdLeft");
        priorityReserves = copy(priorityReserves, "priorityReserves");
        purchaseCaps.forEach((gtin, cap) -> {
            if (cap <= 0) {
                throw new IllegalArgumentException("purchase cap of gtin " + gtin + " must be positive, got " + cap);
            }
        });
        for (Map.Entry<Gtin, Integer> left : householdLeft.entrySet()) {
            HouseholdCap cap = householdCaps.get(left.getKey());
            if (cap == null || left.getValue() < 0 || left.getValue() > cap.units()) {
                throw new IllegalArgumentException("units left to the household of gtin " + left.getKey()
                        + " must be within its household cap, got " + left.getValue());
            }
        }
    }

    public LockdownRules(Map<Gtin, Integer> purchaseCaps, Map<Gtin, Money> priceCeilings,
                         Map<Gtin, HouseholdCap> householdCaps, Map<Gtin, Integer> householdLeft) {
        this(purchaseCaps, priceCeilings, householdCaps, householdLeft, Map.of(), false);
    }

    public LockdownRules(Map<Gtin, Integer> purchaseCaps, Map<Gtin, Money> priceCeilings) {
        this(purchaseCaps, priceCeilings, Map.of(), Map.of());
    }

    /** The units of a store's {@code available} stock of the product this basket may use: all of it, or less the reserve. */
    public int usable(Gtin gtin, int available) {
        PriorityReserve reserve = priorityReserves.get(gtin);
        return reserveOpen || reserve == null ? available : available - reserve.unitsOf(available);
    }

    /** The same rules for a priority order ({@code open}), which may use the stock kept for priority orders, or an ordinary one. */
    public LockdownRules withReserveOpen(boolean open) {
        return new LockdownRules(purchaseCaps, priceCeilings, householdCaps, householdLeft, priorityReserves, open);
    }

    public OptionalInt purchaseCap(Gtin gtin) {
        Integer cap = purchaseCaps.get(gtin);
        return cap == null ? OptionalInt.empty() : OptionalInt.of(cap);
    }

    public Optional<Money> priceCeiling(Gtin gtin) {
        return Optional.ofNullable(priceCeilings.get(gtin));
    }

    /** What the household may still buy of the product (0 or more), when it has a household cap and that is known. */
    public OptionalInt householdLeft(Gtin gtin) {
        Integer left = householdLeft.get(gtin);
        return left == null ? OptionalInt.empty() : OptionalInt.of(left);
    }

    /** The same rules for a household that may still buy {@code left} of the products with a household cap. */
    public LockdownRules withHouseholdLeft(Map<Gtin, Integer> left) {
        return new LockdownRules(purchaseCaps, priceCeilings, householdCaps, left, priorityReserves, reserveOpen);
    }

    private static <V> Map<Gtin, V> copy(Map<Gtin, V> map, String field) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((gtin, value) -> {
            if (gtin == null || value == null) {
                throw new IllegalArgumentException(field + " must not contain null keys or values");
            }
        });
        return Map.copyOf(map);
    }
}
