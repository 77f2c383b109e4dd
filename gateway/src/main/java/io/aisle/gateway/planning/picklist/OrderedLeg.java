package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.List;
import java.util.Map;

/**
 * What the customer bought at one store (the leg's lines, at the prices charged when the order was placed) and the
 * substitution policy of each basket line, keyed by the GTIN the customer asked for. A leg line that is itself a
 * substitute ({@code substituteFor} set) follows the policy of the product it stands in for. A product without a
 * policy takes none.
 */
public record OrderedLeg(String orderId, String storeId, List<LegLine> lines, Map<Gtin, Substitution> policies) {

    public OrderedLeg {
        Checks.requireId(orderId, "orderId");
        Checks.requireText(storeId, "storeId");
        lines = Checks.requireNonEmpty(lines, "lines");
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        String currency = lines.get(0).unitPrice().currency();
        for (LegLine line : lines) {
            if (!line.unitPrice().currency().equals(currency)) {
                throw new IllegalArgumentException("lines of order " + orderId + " mix " + currency + " and " + line.unitPrice().currency());
            }
        }
    }

    public String currency() {
        return lines.get(0).unitPrice().currency();
    }

    public Money total() {
        Money sum = Money.zero(currency());
        for (LegLine line : lines) {
            sum = sum.plus(line.lineTotal());
        }
        return sum;
    }

    /** The GTIN the customer asked for on this line: the line's own, or the one it substitutes. */
    public static Gtin requestedGtin(LegLine line) {
        return line.substituteFor() != null ? line.substituteFor() : line.gtin();
    }

    public Substitution policyFor(LegLine line) {
        return policies.getOrDefault(requestedGtin(line), Substitution.NONE);
    }
}
