package io.aisle.gateway.planning.picklist;

import static io.aisle.gateway.planning.PlanningFixtures.EGGS_30;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG_OTHER_BRAND;
import static io.aisle.gateway.planning.PlanningFixtures.STORE_B;
import static io.aisle.gateway.planning.PlanningFixtures.line;
import static io.aisle.gateway.planning.picklist.PickingFixtures.CATALOGUE;
import static io.aisle.gateway.planning.picklist.PickingFixtures.money;
import static io.aisle.gateway.planning.picklist.PickingFixtures.ordered;
import static io.aisle.gateway.planning.picklist.PickingFixtures.picked;
import static io.aisle.gateway.planning.picklist.PickingFixtures.shortOf;
import static io.aisle.gateway.planning.picklist.PickingFixtures.substituted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.value.Money;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShortageMoveTest {

    @Test
    void listsTheShortLinesWithTheirIndexUnitsAndPrice() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 5, 5_000), line(EGGS_30, 2, 2_000));
        LegSettlement settled = PickOutcomes.settle(leg, List.of(shortOf("o-1", RICE_5KG, 5, 3), shortOf("o-1", EGGS_30, 2, 0)), CATALOGUE);

        assertEquals(List.of(new ShortLine(0, RICE_5KG, null, 2, Money.fen(5_000)), new ShortLine(1, EGGS_30, null, 2, Money.fen(2_000))),
                ShortageMove.shortLines(leg.lines(), settled));
    }

    @Test
    void movedUnitsLeaveTheLegAndItsRefundsAndTheOrdersMoneyStillAddsUp() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 5, 5_000), line(EGGS_30, 1, 2_000));
        LegSettlement settled = PickOutcomes.settle(leg, List.of(shortOf("o-1", RICE_5KG, 5, 3), picked("o-1", EGGS_30, 1)), CATALOGUE);

        ShortageMove.Split split = ShortageMove.split(leg.lines(), settled, Map.of(0, 2));

        assertEquals(List.of(line(RICE_5KG, 3, 5_000), line(EGGS_30, 1, 2_000)), split.kept());
        assertEquals(List.of(line(RICE_5KG, 2, 5_000)), split.moved(), "at the price the order was placed at");
        assertEquals(money(17_000, 17_000, 0, 0), split.keptSettlement().reconciliation(), "nothing refunded any more");
        // the new leg picks one of the two: the order is charged for four bags and refunded one
        LegSettlement second = PickOutcomes.settle(new OrderedLeg("o-1", STORE_B, split.moved(), Map.of()),
                List.of(shortOf("o-1", RICE_5KG, 2, 1)), CATALOGUE);
        Reconciliation order = Reconciliation.ofOrder(List.of(split.keptSettlement(), second));
        assertEquals(money(27_000, 22_000, 5_000, 0), order, "charged + refunded = the order's total");
        assertEquals(settled.reconciliation().originalTotal(), order.originalTotal());
    }

    @Test
    void unitsTheOtherStoreDoesNotHaveStayShortAndRefunded() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 5, 5_000));
        LegSettlement settled = PickOutcomes.settle(leg, List.of(shortOf("o-1", RICE_5KG, 5, 1)), CATALOGUE);

        Map<Integer, Integer> covered = ShortageMove.covered(ShortageMove.shortLines(leg.lines(), settled), Map.of(RICE_5KG, 3));
        ShortageMove.Split split = ShortageMove.split(leg.lines(), settled, covered);

        assertEquals(Map.of(0, 3), covered);
        assertEquals(List.of(line(RICE_5KG, 2, 5_000)), split.kept());
        assertEquals(1, split.keptSettlement().shortUnits());
        assertEquals(money(10_000, 5_000, 5_000, 0), split.keptSettlement().reconciliation());
    }

    @Test
    void aLegWithNothingPickedThatMovesEverythingKeepsNothing() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 2, 5_000));
        LegSettlement settled = PickOutcomes.settle(leg, List.of(), CATALOGUE);

        ShortageMove.Split split = ShortageMove.split(leg.lines(), settled, Map.of(0, 2));

        assertEquals(List.of(), split.kept());
        assertNull(split.keptSettlement());
        assertEquals(List.of(line(RICE_5KG, 2, 5_000)), split.moved());
    }

    @Test
    void aRefusedSubstituteStaysNamedOnlyWhileUnitsStayShort() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 3, 5_000));
        LegSettlement settled = PickOutcomes.settle(leg,
                List.of(substituted("o-1", RICE_5KG, 3, 1, RICE_5KG_OTHER_BRAND, 2, 4_500)), CATALOGUE);
        assertEquals(2, settled.lines().get(0).refusedSubstituteUnits(), "no policy: the substitute is refused, the units short");

        LineOutcome partly = ShortageMove.split(leg.lines(), settled, Map.of(0, 1)).keptSettlement().lines().get(0);
        LineOutcome wholly = ShortageMove.split(leg.lines(), settled, Map.of(0, 2)).keptSettlement().lines().get(0);

        assertEquals(1, partly.refusedSubstituteUnits());
        assertEquals(RICE_5KG_OTHER_BRAND, partly.substituteGtin());
        assertEquals(0, wholly.refusedSubstituteUnits());
        assertNull(wholly.substituteGtin());
        assertEquals(1, wholly.ordered());
    }

    @Test
    void refusesToMoveMoreThanALineIsShort() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 3, 5_000));
        LegSettlement settled = PickOutcomes.settle(leg, List.of(shortOf("o-1", RICE_5KG, 3, 2)), CATALOGUE);
        List<LegLine> lines = leg.lines();

        assertThrows(IllegalArgumentException.class, () -> ShortageMove.split(lines, settled, Map.of(0, 2)));
        assertThrows(IllegalArgumentException.class, () -> ShortageMove.split(lines, settled, Map.of(1, 1)));
    }
}
