package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves units a store picked short to a new leg at another store (re-sourcing). The leg that picked short keeps what
 * it picked and substituted; the moved units leave its lines and its settlement (no longer refunded there) and become
 * the new leg's lines at the price the order was placed at. So the order's money still adds up: the legs' original
 * totals sum to the order's total, and what the new leg picks short is refunded there.
 */
public final class ShortageMove {

    private ShortageMove() {
    }

    /** A leg split: the lines it keeps (empty: nothing left there), their settlement (null when none), and the lines moved. */
    public record Split(List<LegLine> kept, LegSettlement keptSettlement, List<LegLine> moved) {

        public Split {
            kept = List.copyOf(kept);
            moved = Checks.requireNonEmpty(moved, "moved");
            if (kept.isEmpty() != (keptSettlement == null)) {
                throw new IllegalArgumentException("a leg that keeps lines keeps their settlement, and only then");
            }
        }
    }

    /** The short lines of a settled leg, {@code lines} its lines in the order it was settled. */
    public static List<ShortLine> shortLines(List<LegLine> lines, LegSettlement settlement) {
        requireSameLines(lines, settlement);
        List<ShortLine> shortLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            LineOutcome outcome = settlement.lines().get(i);
            if (outcome.shortUnits() > 0) {
                LegLine line = lines.get(i);
                shortLines.add(new ShortLine(i, line.gtin(), line.substituteFor(), outcome.shortUnits(), line.unitPrice()));
            }
        }
        return List.copyOf(shortLines);
    }

    /**
     * Which units of the short lines another store's hold of {@code held} (units by product) covers, by line index:
     * each product's held units go to its short lines in the leg's order, never more than a line is short.
     */
    public static Map<Integer, Integer> covered(List<ShortLine> shortLines, Map<Gtin, Integer> held) {
        Map<Gtin, Integer> left = new HashMap<>(held);
        Map<Integer, Integer> covered = new LinkedHashMap<>();
        for (ShortLine line : shortLines) {
            int units = Math.min(line.units(), left.getOrDefault(line.gtin(), 0));
            if (units > 0) {
                covered.put(line.line(), units);
                left.merge(line.gtin(), -units, Integer::sum);
            }
        }
        return covered;
    }

    /**
     * Moves {@code moved} short units (by line index) off the settled leg. Fails when a line would lose more units than
     * it picked short.
     */
    public static Split split(List<LegLine> lines, LegSettlement settlement, Map<Integer, Integer> moved) {
        requireSameLines(lines, settlement);
        List<LegLine> kept = new ArrayList<>();
        List<LineOutcome> keptOutcomes = new ArrayList<>();
        List<LegLine> movedLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            LegLine line = lines.get(i);
            LineOutcome outcome = settlement.lines().get(i);
            int units = moved.getOrDefault(i, 0);
            if (units < 0 || units > outcome.shortUnits()) {
                throw new IllegalArgumentException("line " + i + " of order " + settlement.orderId() + " is " + outcome.shortUnits()
                        + " short, " + units + " cannot move");
            }
            if (units == 0) {
                kept.add(line);
                keptOutcomes.add(outcome);
                continue;
            }
            movedLines.add(new LegLine(line.gtin(), units, line.unitPrice(), line.unitPrice().times(units), line.substituteFor()));
            int left = line.quantity() - units;
            if (left > 0) {
                kept.add(new LegLine(line.gtin(), left, line.unitPrice(), line.unitPrice().times(left), line.substituteFor()));
                keptOutcomes.add(without(outcome, units));
            }
        }
        for (Integer line : moved.keySet()) {
            if (line < 0 || line >= lines.size()) {
                throw new IllegalArgumentException("order " + settlement.orderId() + " has no line " + line + " at " + settlement.storeId());
            }
        }
        LegSettlement keptSettlement = keptOutcomes.isEmpty() ? null : new LegSettlement(settlement.orderId(), settlement.storeId(),
                keptOutcomes, settlement.unmatched(), Reconciliation.ofLines(settlement.reconciliation().originalTotal().currency(),
                keptOutcomes));
        return new Split(kept, keptSettlement, movedLines);
    }

    /** The outcome of a line that ordered {@code units} fewer, all of them from its short units. */
    private static LineOutcome without(LineOutcome outcome, int units) {
        int shortUnits = outcome.shortUnits() - units;
        int refused = Math.min(outcome.refusedSubstituteUnits(), shortUnits);
        List<Refund> refunds = new ArrayList<>();
        for (Refund refund : outcome.refunds()) {
            if (refund.reason() != RefundReason.SHORT) {
                refunds.add(refund);
            } else if (shortUnits > 0) {
                refunds.add(Refund.of(refund.gtin(), RefundReason.SHORT, shortUnits, refund.unitPrice()));
            }
        }
        return new LineOutcome(outcome.gtin(), outcome.requestedGtin(), outcome.ordered() - units, outcome.unitPrice(), outcome.picked(),
                outcome.substituteUnits() > 0 || refused > 0 ? outcome.substituteGtin() : null, outcome.substituteUnits(),
                outcome.substituteUnitPrice(), refused, shortUnits, outcome.charged(), refunds);
    }

    private static void requireSameLines(List<LegLine> lines, LegSettlement settlement) {
        Checks.requireNonNull(settlement, "settlement");
        if (lines.size() != settlement.lines().size()) {
            throw new IllegalArgumentException("the leg of order " + settlement.orderId() + " at " + settlement.storeId() + " has "
                    + lines.size() + " lines, its settlement " + settlement.lines().size());
        }
        for (int i = 0; i < lines.size(); i++) {
            LegLine line = lines.get(i);
            LineOutcome outcome = settlement.lines().get(i);
            if (!line.gtin().equals(outcome.gtin()) || line.quantity() != outcome.ordered()) {
                throw new IllegalArgumentException("line " + i + " of order " + settlement.orderId() + " is not the line settled");
            }
        }
    }
}
