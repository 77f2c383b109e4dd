package io.aisle.gateway.allocation;

import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the allocator decided: one leg per store used (substitute lines name the product they stand in for), the units
 * no store in the plan supplies with the reason, the total of all legs, and how many units are substitutes.
 */
public record Plan(List<Leg> legs, List<UnfilledLine> unfilled, Money total, int substitutedUnits) {

    public Plan {
        legs = Checks.copyOrEmpty(legs, "legs");
        unfilled = Checks.copyOrEmpty(unfilled, "unfilled");
        Checks.requireNonNull(total, "total");
        Set<String> stores = new HashSet<>();
        Money sum = Money.zero(total.currency());
        int substitutes = 0;
        for (Leg leg : legs) {
            if (!stores.add(leg.storeId())) {
                throw new IllegalArgumentException("a plan has one leg per store, store " + leg.storeId() + " has more");
            }
            sum = sum.plus(leg.subtotal());
            for (LegLine line : leg.lines()) {
                substitutes += line.substituteFor() == null ? 0 : line.quantity();
            }
        }
        if (!sum.equals(total)) {
            throw new IllegalArgumentException("total must equal the sum of the leg subtotals");
        }
        if (substitutedUnits != substitutes) {
            throw new IllegalArgumentException("substitutedUnits must equal the units of the substitute lines, " + substitutes);
        }
    }

    public List<String> storeIds() {
        return legs.stream().map(Leg::storeId).toList();
    }

    public int unfilledUnits() {
        return unfilled.stream().mapToInt(UnfilledLine::quantity).sum();
    }

    public int allocatedUnits() {
        return legs.stream().flatMap(leg -> leg.lines().stream()).mapToInt(LegLine::quantity).sum();
    }
}
