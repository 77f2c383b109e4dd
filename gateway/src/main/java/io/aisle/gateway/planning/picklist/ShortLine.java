package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/**
 * Units of one line of a settled leg that its store picked short: the line's index in the leg, its product (and the
 * product it stands in for, when it is a substitute), the short units and the unit price the order was placed at.
 */
public record ShortLine(int line, Gtin gtin, Gtin substituteFor, int units, Money unitPrice) {

    public ShortLine {
        Checks.requireNonNegative(line, "line");
        Checks.requireNonNull(gtin, "gtin");
        Checks.requirePositive(units, "units");
        Checks.requireNonNull(unitPrice, "unitPrice");
    }
}
