package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.List;

/**
 * What became of one ordered line: of the {@code ordered} units, {@code picked} were picked as ordered,
 * {@code substituteUnits} were replaced by the accepted {@code substituteGtin}, and {@code shortUnits} are missing.
 * {@code refusedSubstituteUnits} counts substitute units the store picked but the customer's policy does not allow
 * (they count as short and are not charged).
 * <p>
 * Money: {@code charged} = picked x unit price + substitute units x substitute unit price. The substitute unit price is
 * the store's price capped at the original unit price: a dearer substitute is charged at the price the customer agreed
 * to, a cheaper one at its own price. Refunds: SHORT units and REPLACED units, both at the original unit price. So
 * {@code charged + refunded == originalTotal + substitutesCharged} and {@code charged <= originalTotal}.
 */
public record LineOutcome(
        Gtin gtin,
        Gtin requestedGtin,
        int ordered,
        Money unitPrice,
        int picked,
        Gtin substituteGtin,
        int substituteUnits,
        Money substituteUnitPrice,
        int refusedSubstituteUnits,
        int shortUnits,
        Money charged,
        List<Refund> refunds) {

    public LineOutcome {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireNonNull(requestedGtin, "requestedGtin");
        Checks.requirePositive(ordered, "ordered");
        Checks.requireNonNull(unitPrice, "unitPrice");
        Checks.requireNonNegative(picked, "picked");
        Checks.requireNonNegative(substituteUnits, "substituteUnits");
        Checks.requireNonNegative(refusedSubstituteUnits, "refusedSubstituteUnits");
        Checks.requireNonNegative(shortUnits, "shortUnits");
        Checks.requireNonNull(charged, "charged");
        refunds = Checks.copyOrEmpty(refunds, "refunds");
        if (picked + substituteUnits + shortUnits != ordered) {
            throw new IllegalArgumentException("picked, substituted and short units of " + gtin + " must add up to " + ordered);
        }
        if (refusedSubstituteUnits > shortUnits) {
            throw new IllegalArgumentException("refused substitute units of " + gtin + " are short units, so at most " + shortUnits);
        }
        if ((substituteUnits > 0 || refusedSubstituteUnits > 0) != (substituteGtin != null)) {
            throw new IllegalArgumentException("substituteGtin is named exactly when a substitute was picked for " + gtin);
        }
        if ((substituteUnits > 0) != (substituteUnitPrice != null)) {
            throw new IllegalArgumentException("substituteUnitPrice is set exactly when substitute units are charged for " + gtin);
        }
        Money expected = unitPrice.times(picked);
        if (substituteUnitPrice != null) {
            if (substituteUnitPrice.compareTo(unitPrice) > 0) {
                throw new IllegalArgumentException("a substitute for " + gtin + " is never charged above the original unit price");
            }
            expected = expected.plus(substituteUnitPrice.times(substituteUnits));
        }
        if (!charged.equals(expected)) {
            throw new IllegalArgumentException("charged for " + gtin + " must be " + expected + ", got " + charged);
        }
        int refundedShort = 0;
        int refundedReplaced = 0;
        for (Refund refund : refunds) {
            if (!refund.gtin().equals(gtin) || !refund.unitPrice().equals(unitPrice)) {
                throw new IllegalArgumentException("a refund of line " + gtin + " is for that product at its unit price");
            }
            if (refund.reason() == RefundReason.SHORT) {
                refundedShort += refund.units();
            } else {
                refundedReplaced += refund.units();
            }
        }
        if (refundedShort != shortUnits || refundedReplaced != substituteUnits) {
            throw new IllegalArgumentException("refunds of " + gtin + " must cover the short and the replaced units");
        }
    }

    public Money originalTotal() {
        return unitPrice.times(ordered);
    }

    public Money refunded() {
        Money sum = Money.zero(unitPrice.currency());
        for (Refund refund : refunds) {
            sum = sum.plus(refund.amount());
        }
        return sum;
    }

    public Money substitutesCharged() {
        return substituteUnitPrice == null ? Money.zero(unitPrice.currency()) : substituteUnitPrice.times(substituteUnits);
    }
}
