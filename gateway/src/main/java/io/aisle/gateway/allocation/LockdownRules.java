package io.aisle.gateway.allocation;

import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Rules for scarce staples. {@code purchaseCaps}: the most units of a product one order may contain, counting the
 * units that substitute for another line. {@code priceCeilings}: offers priced above the ceiling are not used.
 */
public record LockdownRules(Map<Gtin, Integer> purchaseCaps, Map<Gtin, Money> priceCeilings) {

    public static final LockdownRules NONE = new LockdownRules(Map.of(), Map.of());

    public LockdownRules {
        purchaseCaps = copy(purchaseCaps, "purchaseCaps");
        priceCeilings = copy(priceCeilings, "priceCeilings");
        purchaseCaps.forEach((gtin, cap) -> {
            if (cap <= 0) {
                throw new IllegalArgumentException("purchase cap of gtin " + gtin + " must be positive, got " + cap);
            }
        });
    }

    public OptionalInt purchaseCap(Gtin gtin) {
        Integer cap = purchaseCaps.get(gtin);
        return cap == null ? OptionalInt.empty() : OptionalInt.of(cap);
    }

    public Optional<Money> priceCeiling(Gtin gtin) {
        return Optional.ofNullable(priceCeilings.get(gtin));
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
