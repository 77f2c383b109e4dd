package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;
import java.util.List;

/** The part of a basket one store supplies. The subtotal is the sum of its line totals. */
public record Leg(String storeId, List<LegLine> lines, Money subtotal) {

    public Leg {
        Checks.requireText(storeId, "storeId");
        lines = Checks.requireNonEmpty(lines, "lines");
        Checks.requireNonNull(subtotal, "subtotal");
        Money sum = Money.zero(subtotal.currency());
        for (LegLine line : lines) {
            sum = sum.plus(line.lineTotal());
        }
        if (!sum.equals(subtotal)) {
            throw new IllegalArgumentException("subtotal of store " + storeId + " must equal the sum of its lines");
        }
    }

    public static Leg of(String storeId, List<LegLine> lines) {
        Money sum = Money.zero(lines.isEmpty() ? Money.CNY : lines.get(0).unitPrice().currency());
        for (LegLine line : lines) {
            sum = sum.plus(line.lineTotal());
        }
        return new Leg(storeId, lines, sum);
    }
}
