package io.aisle.gateway.order.model;

import io.aisle.contracts.api.HouseholdCap;
import io.aisle.contracts.value.Gtin;
import java.util.HashMap;
import java.util.Map;

/**
 * What a household (a client's {@code customerRef}) bought of the products of an order that have a household cap,
 * each within its cap's window, as counted at one moment: an order is planned from it, and placed only if it is
 * still so once the household is locked.
 */
public record HouseholdCount(String clientId, String customerRef, Map<Gtin, HouseholdCap> caps, Map<Gtin, Integer> bought) {

    public HouseholdCount {
        caps = Map.copyOf(caps);
        Map<Gtin, Integer> counted = new HashMap<>();
        bought.forEach((gtin, units) -> {
            if (units > 0) {
                counted.put(gtin, units);
            }
        });
        bought = Map.copyOf(counted);
    }

    /** What the household may still buy of each capped product: its cap less what it bought, never below 0. */
    public Map<Gtin, Integer> left() {
        Map<Gtin, Integer> left = new HashMap<>();
        caps.forEach((gtin, cap) -> left.put(gtin, Math.max(0, cap.units() - bought.getOrDefault(gtin, 0))));
        return left;
    }

    /** The same household and caps, counted again. */
    public HouseholdCount recounted(Map<Gtin, Integer> now) {
        return new HouseholdCount(clientId, customerRef, caps, now);
    }

    /** Whether {@code now} (a count made later) says what this count says. */
    public boolean sameAs(Map<Gtin, Integer> now) {
        return bought.equals(recounted(now).bought);
    }
}
