package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a store's pick result for one order leg into what the customer gets and pays.
 * <ul>
 *   <li>Result lines are matched to ordered lines by GTIN; our ordered quantity is the truth (a larger {@code picked}
 *       is capped at it). A product ordered on several lines of the leg (say once for itself, once as a substitute)
 *       shares its picked and substitute units among those lines in the leg's order. An ordered line without a result
 *       line was not picked at all.</li>
 *   <li>A substitute is accepted when the customer's policy for the product they asked for allows it: NONE never;
 *       ALTERNATES when it is one of the alternates; SIMILAR when the catalogue says it shares category and size class;
 *       and always when it is the very product the customer asked for (a leg line that was itself a substitute).
 *       At most the missing units are accepted; a substitute the policy does not allow counts as short.</li>
 *   <li>Money as described on {@link LineOutcome}: substitutes are charged at their price capped at the original unit
 *       price; short and replaced units are refunded at the original unit price.</li>
 * </ul>
 */
public final class PickOutcomes {

    private PickOutcomes() {
    }

    public static LegSettlement settle(OrderedLeg leg, List<PickResultLine> results, ProductLookup products) {
        Checks.requireNonNull(leg, "leg");
        Checks.requireNonNull(products, "products");
        Map<Gtin, List<LegLine>> ordered = new HashMap<>();
        for (LegLine line : leg.lines()) {
            ordered.computeIfAbsent(line.gtin(), gtin -> new ArrayList<>()).add(line);
        }
        Map<Gtin, PickResultLine> byGtin = new HashMap<>();
        List<PickResultLine> unmatched = new ArrayList<>();
        for (PickResultLine result : Checks.copyOrEmpty(results, "results")) {
            if (!result.orderId().equals(leg.orderId())) {
                throw new IllegalArgumentException("a result line of order " + result.orderId() + " was given for order " + leg.orderId());
            }
            if (!ordered.containsKey(result.gtin())) {
                unmatched.add(result);
            } else if (byGtin.putIfAbsent(result.gtin(), result) != null) {
                throw new IllegalArgumentException("order " + leg.orderId() + " has more than one result line for " + result.gtin());
            }
        }

        unmatched.sort(Comparator.comparing(PickResultLine::gtin).thenComparing(PickResultLine::toString));
        Map<Gtin, Remaining> remaining = new HashMap<>();
        byGtin.forEach((gtin, result) -> remaining.put(gtin, Remaining.of(result, leg.currency())));
        List<LineOutcome> lines = new ArrayList<>();
        for (LegLine line : leg.lines()) {
            lines.add(settleLine(leg, line, remaining.computeIfAbsent(line.gtin(), gtin -> Remaining.none()), products));
        }
        return new LegSettlement(leg.orderId(), leg.storeId(), lines, unmatched, Reconciliation.ofLines(leg.currency(), lines));
    }

    private static LineOutcome settleLine(OrderedLeg leg, LegLine line, Remaining remaining, ProductLookup products) {
        Money price = line.unitPrice();
        Gtin requested = OrderedLeg.requestedGtin(line);
        int picked = remaining.takePicked(line.quantity());
        int missing = line.quantity() - picked;
        Gtin substitute = remaining.substituteGtin;
        int accepted = 0;
        int refused = 0;
        if (substitute != null && missing > 0 && remaining.substituteUnits > 0) {
            if (allows(leg.policyFor(line), line, substitute, products)) {
                accepted = remaining.takeSubstitutes(missing);
            } else {
                refused = Math.min(missing, remaining.substituteUnits);
            }
        }
        int shortUnits = missing - accepted;
        Money substitutePrice = accepted == 0 ? null : min(remaining.substituteUnitPrice, price);
        Money charged = price.times(picked);
        if (substitutePrice != null) {
            charged = charged.plus(substitutePrice.times(accepted));
        }
        List<Refund> refunds = new ArrayList<>();
        if (shortUnits > 0) {
            refunds.add(Refund.of(line.gtin(), RefundReason.SHORT, shortUnits, price));
        }
        if (accepted > 0) {
            refunds.add(Refund.of(line.gtin(), RefundReason.REPLACED, accepted, price));
        }
        return new LineOutcome(line.gtin(), requested, line.quantity(), price, picked,
                accepted > 0 || refused > 0 ? substitute : null, accepted, substitutePrice, refused, shortUnits, charged, refunds);
    }

    /** Whether the customer's policy for {@code line} accepts {@code substitute} in its place. */
    public static boolean allows(Substitution policy, LegLine line, Gtin substitute, ProductLookup products) {
        if (substitute.equals(line.gtin())) {
            return false;
        }
        Gtin requested = OrderedLeg.requestedGtin(line);
        if (substitute.equals(requested)) {
            return true;
        }
        return switch (policy.mode()) {
            case NONE -> false;
            case ALTERNATES -> policy.alternates().contains(substitute);
            case SIMILAR -> products.similar(requested, substitute);
        };
    }

    private static Money min(Money a, Money b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The units of one result line not yet given to an ordered line. */
    private static final class Remaining {

        private int picked;
        private final Gtin substituteGtin;
        private int substituteUnits;
        private final Money substituteUnitPrice;

        private Remaining(int picked, Gtin substituteGtin, int substituteUnits, Money substituteUnitPrice) {
            this.picked = picked;
            this.substituteGtin = substituteGtin;
            this.substituteUnits = substituteUnits;
            this.substituteUnitPrice = substituteUnitPrice;
        }

        static Remaining none() {
            return new Remaining(0, null, 0, null);
        }

        static Remaining of(PickResultLine result, String currency) {
            boolean substituted = result.substituteGtin() != null && result.substituteQuantity() > 0 && result.substituteUnitPrice() != null;
            if (substituted && !result.substituteUnitPrice().currency().equals(currency)) {
                throw new IllegalArgumentException("substitute for " + result.gtin() + " is priced in "
                        + result.substituteUnitPrice().currency() + ", the order in " + currency);
            }
            return substituted
                    ? new Remaining(result.picked(), result.substituteGtin(), result.substituteQuantity(), result.substituteUnitPrice())
                    : new Remaining(result.picked(), null, 0, null);
        }

        int takePicked(int wanted) {
            int taken = Math.min(wanted, picked);
            picked -= taken;
            return taken;
        }

        int takeSubstitutes(int wanted) {
            int taken = Math.min(wanted, substituteUnits);
            substituteUnits -= taken;
            return taken;
        }
    }
}
