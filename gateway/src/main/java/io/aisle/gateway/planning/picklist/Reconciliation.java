package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;
import java.util.List;

/**
 * The money of an order (or of one of its legs) after picking. It cannot be built unless it balances:
 * {@code charged + refunded == originalTotal + substitutesCharged}, and the customer is never charged more than the
 * original total ({@code charged <= originalTotal}), because substitutes are charged at most at the original price.
 * {@link #netRefund()} is what goes back to the customer's payment: {@code originalTotal - charged}.
 */
public record Reconciliation(Money originalTotal, Money charged, Money refunded, Money substitutesCharged) {

    public Reconciliation {
        Checks.requireNonNull(originalTotal, "originalTotal");
        Checks.requireNonNull(charged, "charged");
        Checks.requireNonNull(refunded, "refunded");
        Checks.requireNonNull(substitutesCharged, "substitutesCharged");
        if (!charged.plus(refunded).equals(originalTotal.plus(substitutesCharged))) {
            throw new IllegalArgumentException("charged " + charged.amount() + " + refunded " + refunded.amount()
                    + " must equal original " + originalTotal.amount() + " + substitutes " + substitutesCharged.amount());
        }
        if (charged.compareTo(originalTotal) > 0) {
            throw new IllegalArgumentException("charged " + charged.amount() + " exceeds the original total " + originalTotal.amount());
        }
    }

    public static Reconciliation zero(String currency) {
        Money zero = Money.zero(currency);
        return new Reconciliation(zero, zero, zero, zero);
    }

    public static Reconciliation ofLines(String currency, List<LineOutcome> lines) {
        Reconciliation sum = zero(currency);
        for (LineOutcome line : lines) {
            sum = sum.plus(new Reconciliation(line.originalTotal(), line.charged(), line.refunded(), line.substitutesCharged()));
        }
        return sum;
    }

    /** The money of a whole order: the sum over its legs' settlements. */
    public static Reconciliation ofOrder(List<LegSettlement> legs) {
        legs = Checks.requireNonEmpty(legs, "legs");
        String orderId = legs.get(0).orderId();
        Reconciliation sum = zero(legs.get(0).reconciliation().originalTotal().currency());
        for (LegSettlement leg : legs) {
            if (!leg.orderId().equals(orderId)) {
                throw new IllegalArgumentException("settlements of orders " + orderId + " and " + leg.orderId() + " do not add up to one order");
            }
            sum = sum.plus(leg.reconciliation());
        }
        return sum;
    }

    public Reconciliation plus(Reconciliation other) {
        return new Reconciliation(originalTotal.plus(other.originalTotal), charged.plus(other.charged),
                refunded.plus(other.refunded), substitutesCharged.plus(other.substitutesCharged));
    }

    public Money netRefund() {
        return originalTotal.minus(charged);
    }
}
