package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.planning.PlanningFixtures;
import java.util.List;
import java.util.Map;

/** Ordered legs, policies and pick results for settlement tests. */
final class PickingFixtures {

    static final ProductLookup CATALOGUE = ProductLookup.of(PlanningFixtures.CATALOGUE);

    private PickingFixtures() {
    }

    static OrderedLeg ordered(String orderId, List<LegLine> lines, Map<Gtin, Substitution> policies) {
        return new OrderedLeg(orderId, PlanningFixtures.STORE_A, lines, policies);
    }

    static OrderedLeg ordered(String orderId, LegLine... lines) {
        return ordered(orderId, List.of(lines), Map.of());
    }

    static Substitution alternates(Gtin... gtins) {
        return new Substitution(SubstitutionMode.ALTERNATES, List.of(gtins));
    }

    static Substitution similar() {
        return new Substitution(SubstitutionMode.SIMILAR, List.of());
    }

    static PickResultLine picked(String orderId, Gtin gtin, int quantity) {
        return new PickResultLine(orderId, gtin, PickStatus.PICKED, quantity, quantity, null, 0, null);
    }

    static PickResultLine shortOf(String orderId, Gtin gtin, int requested, int picked) {
        return new PickResultLine(orderId, gtin, PickStatus.SHORT, requested, picked, null, 0, null);
    }

    static PickResultLine substituted(String orderId, Gtin gtin, int requested, int picked, Gtin substitute, int units, long fen) {
        return new PickResultLine(orderId, gtin, PickStatus.SUBSTITUTED, requested, picked, substitute, units, Money.fen(fen));
    }

    static Reconciliation money(long original, long charged, long refunded, long substitutes) {
        return new Reconciliation(Money.fen(original), Money.fen(charged), Money.fen(refunded), Money.fen(substitutes));
    }
}
