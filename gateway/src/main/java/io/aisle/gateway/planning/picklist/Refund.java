package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/** Units of one ordered product given back to the customer at the price they were charged. */
public record Refund(Gtin gtin, RefundReason reason, int units, Money unitPrice, Money amount) {

    public Refund {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireNonNull(reason, "reason");
        Checks.requirePositive(units, "units");
        Checks.requireNonNull(unitPrice, "unitPrice");
        Checks.requireNonNull(amount, "amount");
        if (!amount.equals(unitPrice.times(units))) {
            throw new IllegalArgumentException("refund amount must equal unitPrice x units for " + gtin);
        }
    }

    public static Refund of(Gtin gtin, RefundReason reason, int units, Money unitPrice) {
        return new Refund(gtin, reason, units, unitPrice, unitPrice.times(units));
    }
}
