package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.value.Checks;
import java.util.List;

/**
 * The outcome of picking one order leg: one outcome per ordered line (in the leg's order), the result lines that named
 * a product this leg did not order ({@code unmatched}, by GTIN: nothing is charged for them), and the leg's money.
 */
public record LegSettlement(String orderId, String storeId, List<LineOutcome> lines, List<PickResultLine> unmatched,
        Reconciliation reconciliation) {

    public LegSettlement {
        Checks.requireId(orderId, "orderId");
        Checks.requireText(storeId, "storeId");
        lines = Checks.requireNonEmpty(lines, "lines");
        unmatched = Checks.copyOrEmpty(unmatched, "unmatched");
        Checks.requireNonNull(reconciliation, "reconciliation");
        Reconciliation expected = Reconciliation.ofLines(reconciliation.originalTotal().currency(), lines);
        if (!expected.equals(reconciliation)) {
            throw new IllegalArgumentException("the reconciliation of order " + orderId + " must be the sum of its lines");
        }
    }

    /** Lines with short units: candidates for re-sourcing at another store, or refunded as they are. */
    public List<LineOutcome> shortLines() {
        return lines.stream().filter(line -> line.shortUnits() > 0).toList();
    }

    public int shortUnits() {
        return lines.stream().mapToInt(LineOutcome::shortUnits).sum();
    }
}
