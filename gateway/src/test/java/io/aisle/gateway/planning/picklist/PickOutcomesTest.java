package io.aisle.gateway.planning.picklist;

import static io.aisle.gateway.planning.PlanningFixtures.EGGS_30;
import static io.aisle.gateway.planning.PlanningFixtures.FLOUR_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.MASKS_50;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_1KG;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG_OTHER_BRAND;
import static io.aisle.gateway.planning.PlanningFixtures.STORE_B;
import static io.aisle.gateway.planning.PlanningFixtures.line;
import static io.aisle.gateway.planning.picklist.PickingFixtures.CATALOGUE;
import static io.aisle.gateway.planning.picklist.PickingFixtures.alternates;
import static io.aisle.gateway.planning.picklist.PickingFixtures.money;
import static io.aisle.gateway.planning.picklist.PickingFixtures.ordered;
import static io.aisle.gateway.planning.picklist.PickingFixtures.picked;
import static io.aisle.gateway.planning.picklist.PickingFixtures.shortOf;
import static io.aisle.gateway.planning.picklist.PickingFixtures.similar;
import static io.aisle.gateway.planning.picklist.PickingFixtures.substituted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.value.Money;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickOutcomesTest {

    @Test
    void chargesTheWholeOrderWhenEveryLineIsPicked() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 2, 5_000), line(EGGS_30, 1, 2_000));

        LegSettlement settlement = PickOutcomes.settle(leg, List.of(picked("o-1", RICE_5KG, 2), picked("o-1", EGGS_30, 1)), CATALOGUE);

        assertEquals(money(12_000, 12_000, 0, 0), settlement.reconciliation());
        assertEquals(List.of(), settlement.shortLines());
    }

    @Test
    void refundsShortUnitsAtTheirUnitPrice() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 3, 5_000));

        LegSettlement settlement = PickOutcomes.settle(leg, List.of(shortOf("o-1", RICE_5KG, 3, 1)), CATALOGUE);

        LineOutcome rice = settlement.lines().get(0);
        assertEquals(1, rice.picked());
        assertEquals(2, rice.shortUnits());
        assertEquals(List.of(Refund.of(RICE_5KG, RefundReason.SHORT, 2, Money.fen(5_000))), rice.refunds());
        assertEquals(money(15_000, 5_000, 10_000, 0), settlement.reconciliation());
        assertEquals(Money.fen(10_000), settlement.reconciliation().netRefund());
    }

    @Test
    void countsASubstituteTheCustomerDidNotAllowAsShortAndChargesNothingForIt() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 2, 5_000));

        LegSettlement settlement = PickOutcomes.settle(leg,
                List.of(substituted("o-1", RICE_5KG, 2, 0, RICE_5KG_OTHER_BRAND, 2, 4_500)), CATALOGUE);

        LineOutcome rice = settlement.lines().get(0);
        assertEquals(0, rice.substituteUnits());
        assertEquals(2, rice.refusedSubstituteUnits());
        assertEquals(2, rice.shortUnits());
        assertEquals(money(10_000, 0, 10_000, 0), settlement.reconciliation());
    }

    @Test
    void acceptsAnAlternateTheCustomerNamedAndRefundsTheReplacedUnits() {
        OrderedLeg leg = ordered("o-1", List.of(line(RICE_5KG, 2, 5_000)), Map.of(RICE_5KG, alternates(RICE_5KG_OTHER_BRAND)));

        LegSettlement settlement = PickOutcomes.settle(leg,
                List.of(substituted("o-1", RICE_5KG, 2, 1, RICE_5KG_OTHER_BRAND, 1, 4_500)), CATALOGUE);

        LineOutcome rice = settlement.lines().get(0);
        assertEquals(1, rice.picked());
        assertEquals(RICE_5KG_OTHER_BRAND, rice.substituteGtin());
        assertEquals(1, rice.substituteUnits());
        assertEquals(List.of(Refund.of(RICE_5KG, RefundReason.REPLACED, 1, Money.fen(5_000))), rice.refunds());
        // charged 5000 + 4500; refunded the replaced 5000; the customer gets 500 back.
        assertEquals(money(10_000, 9_500, 5_000, 4_500), settlement.reconciliation());
        assertEquals(Money.fen(500), settlement.reconciliation().netRefund());
    }

    @Test
    void refusesAnAlternateTheCustomerDidNotName() {
        OrderedLeg leg = ordered("o-1", List.of(line(RICE_5KG, 1, 5_000)), Map.of(RICE_5KG, alternates(RICE_5KG_OTHER_BRAND)));

        LegSettlement settlement = PickOutcomes.settle(leg, List.of(substituted("o-1", RICE_5KG, 1, 0, RICE_1KG, 1, 1_200)), CATALOGUE);

        assertEquals(1, settlement.lines().get(0).shortUnits());
    }

    @Test
    void acceptsASimilarProductOfTheSameCategoryAndSizeButNotOfAnotherSize() {
        OrderedLeg leg = ordered("o-1", List.of(line(RICE_5KG, 1, 5_000), line(FLOUR_5KG, 1, 3_000)),
                Map.of(RICE_5KG, similar(), FLOUR_5KG, similar()));

        LegSettlement settlement = PickOutcomes.settle(leg, List.of(
                substituted("o-1", RICE_5KG, 1, 0, RICE_5KG_OTHER_BRAND, 1, 4_800),
                substituted("o-1", FLOUR_5KG, 1, 0, RICE_1KG, 1, 1_200)), CATALOGUE);

        assertEquals(1, settlement.lines().get(0).substituteUnits());
        assertEquals(1, settlement.lines().get(1).shortUnits());
        assertEquals(money(8_000, 4_800, 8_000, 4_800), settlement.reconciliation());
    }

    @Test
    void chargesADearerSubstituteAtTheOriginalPrice() {
        OrderedLeg leg = ordered("o-1", List.of(line(RICE_5KG, 2, 5_000)), Map.of(RICE_5KG, similar()));

        LegSettlement settlement = PickOutcomes.settle(leg,
                List.of(substituted("o-1", RICE_5KG, 2, 0, RICE_5KG_OTHER_BRAND, 2, 6_500)), CATALOGUE);

        assertEquals(Money.fen(5_000), settlement.lines().get(0).substituteUnitPrice());
        assertEquals(money(10_000, 10_000, 10_000, 10_000), settlement.reconciliation());
        assertEquals(Money.fen(0), settlement.reconciliation().netRefund());
    }

    @Test
    void acceptsNoMoreSubstituteUnitsThanAreMissing() {
        OrderedLeg leg = ordered("o-1", List.of(line(RICE_5KG, 2, 5_000)), Map.of(RICE_5KG, similar()));

        LegSettlement settlement = PickOutcomes.settle(leg,
                List.of(substituted("o-1", RICE_5KG, 2, 1, RICE_5KG_OTHER_BRAND, 3, 4_000)), CATALOGUE);

        assertEquals(1, settlement.lines().get(0).substituteUnits());
        assertEquals(money(10_000, 9_000, 5_000, 4_000), settlement.reconciliation());
    }

    @Test
    void treatsAnOrderedLineWithoutAResultAsNotPicked() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 1, 5_000), line(MASKS_50, 2, 3_000));

        LegSettlement settlement = PickOutcomes.settle(leg, List.of(picked("o-1", RICE_5KG, 1)), CATALOGUE);

        assertEquals(2, settlement.lines().get(1).shortUnits());
        assertEquals(2, settlement.shortUnits());
        assertEquals(money(11_000, 5_000, 6_000, 0), settlement.reconciliation());
    }

    @Test
    void acceptsTheProductTheCustomerAskedForInPlaceOfTheSubstituteAllocatedForIt() {
        LegLine standIn = new LegLine(RICE_5KG_OTHER_BRAND, 1, Money.fen(4_800), Money.fen(4_800), RICE_5KG);
        OrderedLeg leg = ordered("o-1", List.of(standIn), Map.of(RICE_5KG, alternates(RICE_5KG_OTHER_BRAND)));

        LegSettlement settlement = PickOutcomes.settle(leg,
                List.of(substituted("o-1", RICE_5KG_OTHER_BRAND, 1, 0, RICE_5KG, 1, 5_000)), CATALOGUE);

        LineOutcome line = settlement.lines().get(0);
        assertEquals(RICE_5KG, line.requestedGtin());
        assertEquals(1, line.substituteUnits());
        assertEquals(Money.fen(4_800), line.substituteUnitPrice());
    }

    @Test
    void reportsAResultLineForAProductNotOrderedAndChargesNothingForIt() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 1, 5_000));

        LegSettlement settlement = PickOutcomes.settle(leg, List.of(picked("o-1", RICE_5KG, 1), picked("o-1", EGGS_30, 3)), CATALOGUE);

        assertEquals(List.of(picked("o-1", EGGS_30, 3)), settlement.unmatched());
        assertEquals(money(5_000, 5_000, 0, 0), settlement.reconciliation());
    }

    @Test
    void sumsTheMoneyOfAnOrderSplitOverTwoStores() {
        LegSettlement atA = PickOutcomes.settle(ordered("o-1", line(RICE_5KG, 2, 5_000)),
                List.of(shortOf("o-1", RICE_5KG, 2, 1)), CATALOGUE);
        LegSettlement atB = PickOutcomes.settle(new OrderedLeg("o-1", STORE_B, List.of(line(EGGS_30, 1, 2_000)), Map.of()),
                List.of(picked("o-1", EGGS_30, 1)), CATALOGUE);

        assertEquals(money(12_000, 7_000, 5_000, 0), Reconciliation.ofOrder(List.of(atA, atB)));
    }

    @Test
    void refusesAResultLineOfAnotherOrder() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 1, 5_000));

        assertThrows(IllegalArgumentException.class, () -> PickOutcomes.settle(leg, List.of(picked("o-2", RICE_5KG, 1)), CATALOGUE));
    }

    @Test
    void refusesTwoResultLinesForOneProductOfOneOrder() {
        OrderedLeg leg = ordered("o-1", line(RICE_5KG, 2, 5_000));

        assertThrows(IllegalArgumentException.class, () -> PickOutcomes.settle(leg,
                List.of(picked("o-1", RICE_5KG, 2), shortOf("o-1", RICE_5KG, 2, 0)), CATALOGUE));
    }

    @Test
    void refusesMoneyThatDoesNotBalanceOrChargesMoreThanTheOrder() {
        assertThrows(IllegalArgumentException.class, () -> money(10_000, 9_000, 500, 0));
        assertThrows(IllegalArgumentException.class, () -> money(10_000, 11_000, 0, 1_000));
    }

    @Test
    void neverNamesASubstituteWhenNoneWasOffered() {
        LegSettlement settlement = PickOutcomes.settle(ordered("o-1", line(RICE_5KG, 1, 5_000)),
                List.of(shortOf("o-1", RICE_5KG, 1, 0)), CATALOGUE);

        assertNull(settlement.lines().get(0).substituteGtin());
    }
}
