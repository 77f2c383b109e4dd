package io.aisle.gateway.allocation;

import static io.aisle.gateway.allocation.AllocationFixtures.CATALOGUE;
import static io.aisle.gateway.allocation.AllocationFixtures.EGGS_30;
import static io.aisle.gateway.allocation.AllocationFixtures.FLOUR_5KG;
import static io.aisle.gateway.allocation.AllocationFixtures.MASKS_50;
import static io.aisle.gateway.allocation.AllocationFixtures.RICE_1KG;
import static io.aisle.gateway.allocation.AllocationFixtures.RICE_5KG;
import static io.aisle.gateway.allocation.AllocationFixtures.RICE_5KG_OTHER_BRAND;
import static io.aisle.gateway.allocation.AllocationFixtures.RICE_5KG_THIRD_BRAND;
import static io.aisle.gateway.allocation.AllocationFixtures.allocate;
import static io.aisle.gateway.allocation.AllocationFixtures.alternates;
import static io.aisle.gateway.allocation.AllocationFixtures.basket;
import static io.aisle.gateway.allocation.AllocationFixtures.capped;
import static io.aisle.gateway.allocation.AllocationFixtures.ceiling;
import static io.aisle.gateway.allocation.AllocationFixtures.gtin;
import static io.aisle.gateway.allocation.AllocationFixtures.leg;
import static io.aisle.gateway.allocation.AllocationFixtures.line;
import static io.aisle.gateway.allocation.AllocationFixtures.maxStores;
import static io.aisle.gateway.allocation.AllocationFixtures.offer;
import static io.aisle.gateway.allocation.AllocationFixtures.similar;
import static io.aisle.gateway.allocation.AllocationFixtures.store;
import static io.aisle.gateway.allocation.AllocationFixtures.stores;
import static io.aisle.gateway.allocation.AllocationFixtures.substituted;
import static io.aisle.gateway.allocation.AllocationFixtures.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.PriorityReserve;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    @Test
    void prefersOneStoreThatHasEverything() {
        Plan plan = allocate(basket(line(RICE_5KG, 2), line(EGGS_30, 1)), stores(
                store("rice-only", 0.5, offer(RICE_5KG, 10, 4500)),
                store("eggs-only", 0.6, offer(EGGS_30, 10, 1800)),
                store("everything", 3.0, offer(RICE_5KG, 10, 5200), offer(EGGS_30, 10, 2100))));

        assertEquals(List.of("everything"), plan.storeIds());
        assertEquals(List.of(
                new LegLine(RICE_5KG, 2, Money.fen(5200), Money.fen(10400), null),
                new LegLine(EGGS_30, 1, Money.fen(2100), Money.fen(2100), null)), leg(plan, "everything").lines());
        assertEquals(List.of(), plan.unfilled());
        assertEquals(Money.fen(12500), plan.total());
    }

    @Test
    void splitsAcrossTwoStoresWhenNoSingleStoreCan() {
        Plan plan = allocate(basket(line(RICE_5KG, 2), line(EGGS_30, 1)), stores(
                store("rice", 1.0, offer(RICE_5KG, 10, 4500)),
                store("eggs", 2.0, offer(EGGS_30, 10, 1800)),
                store("empty", 0.2, offer(RICE_5KG, 0, 4000), offer(EGGS_30, 0, 1500))));

        assertEquals(List.of("eggs", "rice"), plan.storeIds());
        assertEquals(2, units(plan, "rice", RICE_5KG));
        assertEquals(1, units(plan, "eggs", EGGS_30));
        assertEquals(List.of(), plan.unfilled());
        assertEquals(Money.fen(10800), plan.total());
    }

    @Test
    void splitsOneLineAcrossTwoStoresWhenNeitherHasEnough() {
        Plan plan = allocate(basket(line(RICE_5KG, 5)), stores(
                store("cheap", 1.0, offer(RICE_5KG, 3, 4500)),
                store("dear", 1.0, offer(RICE_5KG, 3, 4900))));

        assertEquals(3, units(plan, "cheap", RICE_5KG));
        assertEquals(2, units(plan, "dear", RICE_5KG));
        assertEquals(List.of(), plan.unfilled());
    }

    @Test
    void fillsEveryUnitWithTwoStoresRatherThanLeaveSomeUnfilledWithOne() {
        Plan plan = allocate(basket(line(RICE_5KG, 4), line(MASKS_50, 1)), stores(
                store("most", 0.5, offer(RICE_5KG, 4, 4500)),
                store("masks", 4.0, offer(MASKS_50, 1, 3000))));

        assertEquals(List.of("masks", "most"), plan.storeIds());
        assertEquals(0, plan.unfilledUnits());
    }

    @Test
    void takesAThirdStoreWhenNoTwoStoresFillMoreThanOne() {
        Plan plan = allocate(basket(
                line(RICE_5KG_OTHER_BRAND, 1, similar()),
                line(RICE_5KG, 3, alternates(FLOUR_5KG))), stores(
                store("a", 1.0, offer(RICE_5KG, 1, 5000)),
                store("b", 1.0, offer(RICE_5KG, 1, 5000)),
                store("c", 1.0, offer(RICE_5KG, 2, 5000)),
                store("flour", 0.5, offer(FLOUR_5KG, 3, 2500))), maxStores(3));

        assertEquals(List.of("a", "b", "c"), plan.storeIds());
        assertEquals(List.of(), plan.unfilled());
        assertEquals(1, substituted(plan, RICE_5KG_OTHER_BRAND, RICE_5KG));
    }

    @Test
    void usesAlternatesInOrder() {
        Plan plan = allocate(basket(line(RICE_5KG, 4, alternates(RICE_5KG_OTHER_BRAND, RICE_5KG_THIRD_BRAND))), stores(
                store("shop", 1.0, offer(RICE_5KG_OTHER_BRAND, 1, 5900), offer(RICE_5KG_THIRD_BRAND, 10, 4100))));

        assertEquals(List.of(
                new LegLine(RICE_5KG_OTHER_BRAND, 1, Money.fen(5900), Money.fen(5900), RICE_5KG),
                new LegLine(RICE_5KG_THIRD_BRAND, 3, Money.fen(4100), Money.fen(12300), RICE_5KG)), leg(plan, "shop").lines());
        assertEquals(4, plan.substitutedUnits());
        assertEquals(List.of(), plan.unfilled());
    }

    @Test
    void prefersAnEarlierAlternateOverANearerStoreWithALaterOne() {
        Plan plan = allocate(basket(line(RICE_5KG, 2, alternates(RICE_5KG_OTHER_BRAND, RICE_5KG_THIRD_BRAND))), stores(
                store("near", 0.5, offer(RICE_5KG_THIRD_BRAND, 5, 4000)),
                store("far", 2.5, offer(RICE_5KG_OTHER_BRAND, 5, 4500))), maxStores(1));

        assertEquals(List.of("far"), plan.storeIds());
        assertEquals(2, substituted(plan, RICE_5KG, RICE_5KG_OTHER_BRAND));
    }

    @Test
    void prefersTheRequestedProductFromAFartherStoreOverASubstituteFromANearerOne() {
        Plan plan = allocate(basket(line(RICE_5KG, 2, similar())), stores(
                store("near", 0.5, offer(RICE_5KG_OTHER_BRAND, 5, 4000)),
                store("far", 4.0, offer(RICE_5KG, 5, 5000))));

        assertEquals(List.of("far"), plan.storeIds());
        assertEquals(0, plan.substitutedUnits());
    }

    @Test
    void similarSubstituteMatchesCategoryAndSize() {
        Plan plan = allocate(basket(line(RICE_5KG, 2, similar())), stores(
                store("shop", 1.0,
                        offer(RICE_1KG, 20, 1000),
                        offer(FLOUR_5KG, 20, 2500),
                        offer(RICE_5KG_THIRD_BRAND, 20, 5600))));

        assertEquals(List.of(new LegLine(RICE_5KG_THIRD_BRAND, 2, Money.fen(5600), Money.fen(11200), RICE_5KG)),
                leg(plan, "shop").lines());
        assertEquals(2, plan.substitutedUnits());
    }

    @Test
    void similarSubstitutionNeedsCatalogueFactsForTheRequestedProduct() {
        Gtin unknown = gtin(99);
        Plan plan = allocate(basket(line(unknown, 1, similar())), stores(store("shop", 1.0, offer(RICE_5KG, 20, 5000))));

        assertEquals(List.of(new UnfilledLine(unknown, 1, "OUT_OF_STOCK")), plan.unfilled());
    }

    @Test
    void unitsNoAnsweringStoreHasAreNoStoreAnsweredWhenSomeCandidateDidNotAnswer() {
        AllocationRequest request = new AllocationRequest(basket(line(RICE_5KG, 2), line(EGGS_30, 1)),
                stores(store("answered", 1.0, offer(EGGS_30, 5, 1890))), List.of(), AllocationRules.of(2), List.of("slow-store"));

        Plan plan = Allocator.allocate(request);

        assertEquals(List.of(new UnfilledLine(RICE_5KG, 2, "NO_STORE_ANSWERED")), plan.unfilled(),
                "rice may be at the store that did not answer: not told as out of stock");
        assertEquals(List.of(LegLine.of(EGGS_30, 1, Money.fen(1890))), leg(plan, "answered").lines());
    }

    @Test
    void noCandidateAnsweringLeavesEveryUnitNoStoreAnswered() {
        AllocationRequest request = new AllocationRequest(basket(line(RICE_5KG, 2)), stores(), List.of(), AllocationRules.of(2),
                List.of("timed-out", "circuit-open"));

        assertEquals(List.of(new UnfilledLine(RICE_5KG, 2, "NO_STORE_ANSWERED")), Allocator.allocate(request).unfilled());
    }

    @Test
    void neverSubstitutesWhenPolicyIsNone() {
        Plan plan = allocate(basket(line(RICE_5KG, 2)), stores(
                store("shop", 1.0, offer(RICE_5KG_OTHER_BRAND, 20, 4500), offer(RICE_5KG, 0, 4000))));

        assertEquals(List.of(), plan.legs());
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 2, "OUT_OF_STOCK")), plan.unfilled());
        assertEquals(Money.fen(0), plan.total());
    }

    @Test
    void givesAProductToTheLineThatAsksForItBeforeItSubstitutesForAnother() {
        Plan plan = allocate(basket(
                line(RICE_5KG_OTHER_BRAND, 2, alternates(RICE_5KG)),
                line(RICE_5KG, 2)), stores(store("shop", 1.0, offer(RICE_5KG, 2, 5000))));

        assertEquals(List.of(LegLine.of(RICE_5KG, 2, Money.fen(5000))), leg(plan, "shop").lines());
        assertEquals(List.of(new UnfilledLine(RICE_5KG_OTHER_BRAND, 2, "OUT_OF_STOCK")), plan.unfilled());
    }

    @Test
    void sharesScarceSubstitutesSoThatMoreLinesAreFilled() {
        Plan plan = allocate(basket(
                line(RICE_5KG, 1, alternates(RICE_5KG_OTHER_BRAND, RICE_5KG_THIRD_BRAND)),
                line(RICE_1KG, 1, alternates(RICE_5KG_OTHER_BRAND))), stores(
                store("shop", 1.0, offer(RICE_5KG_OTHER_BRAND, 1, 5000), offer(RICE_5KG_THIRD_BRAND, 1, 5000))));

        assertEquals(0, plan.unfilledUnits());
        assertEquals(1, substituted(plan, RICE_5KG, RICE_5KG_THIRD_BRAND));
        assertEquals(1, substituted(plan, RICE_1KG, RICE_5KG_OTHER_BRAND));
    }

    @Test
    void reportsMaxStoresWhenAThirdStoreWouldBeNeeded() {
        Plan plan = allocate(basket(line(RICE_5KG, 1), line(EGGS_30, 1), line(MASKS_50, 1)), stores(
                store("rice", 1.0, offer(RICE_5KG, 5, 5000)),
                store("eggs", 1.5, offer(EGGS_30, 5, 1800)),
                store("masks", 3.0, offer(MASKS_50, 5, 3000))), maxStores(2));

        assertEquals(List.of("eggs", "rice"), plan.storeIds());
        assertEquals(List.of(new UnfilledLine(MASKS_50, 1, "MAX_STORES")), plan.unfilled());
    }

    @Test
    void doesNotBlameTheStoreLimitWhenAnotherStoreWouldFillNothingMore() {
        Plan plan = allocate(basket(
                line(MASKS_50, 1, alternates(RICE_5KG)),
                line(EGGS_30, 1),
                line(RICE_5KG, 2, alternates(EGGS_30))), stores(
                store("rice", 0.5, offer(RICE_5KG, 1, 5000)),
                store("both", 0.5, offer(RICE_5KG, 1, 5000), offer(EGGS_30, 2, 1800))), maxStores(2));

        assertEquals(List.of("both"), plan.storeIds());
        assertEquals(List.of(new UnfilledLine(MASKS_50, 1, "OUT_OF_STOCK")), plan.unfilled());
    }

    @Test
    void splitsALinesUnfilledUnitsByReason() {
        Plan plan = allocate(basket(line(RICE_5KG, 9), line(EGGS_30, 5)), stores(
                store("eggs", 0.5, offer(EGGS_30, 5, 1800)),
                store("rice", 1.0, offer(RICE_5KG, 3, 5000))),
                AllocationRules.of(1).withLockdown(new LockdownRules(Map.of(RICE_5KG, 6), Map.of())));

        assertEquals(List.of("eggs"), plan.storeIds());
        assertEquals(List.of(
                new UnfilledLine(RICE_5KG, 3, "PURCHASE_CAP"),
                new UnfilledLine(RICE_5KG, 3, "MAX_STORES"),
                new UnfilledLine(RICE_5KG, 3, "OUT_OF_STOCK")), plan.unfilled());
    }

    @Test
    void leavesTheSmallerLineUnfilledWhenTheStoreLimitBinds() {
        Plan plan = allocate(basket(line(RICE_5KG, 1), line(EGGS_30, 3)), stores(
                store("rice", 0.5, offer(RICE_5KG, 5, 5000)),
                store("eggs", 3.0, offer(EGGS_30, 5, 1800))), maxStores(1));

        assertEquals(List.of("eggs"), plan.storeIds());
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 1, "MAX_STORES")), plan.unfilled());
    }

    @Test
    void capsUnitsPerHousehold() {
        Plan plan = allocate(basket(line(RICE_5KG, 5)), stores(store("shop", 1.0, offer(RICE_5KG, 50, 5000))),
                capped(RICE_5KG, 2));

        assertEquals(2, units(plan, "shop", RICE_5KG));
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 3, "PURCHASE_CAP")), plan.unfilled());
    }

    @Test
    void doesNotSubstituteTheUnitsBeyondAPurchaseCap() {
        Plan plan = allocate(basket(line(RICE_5KG, 5, similar())), stores(
                store("shop", 1.0, offer(RICE_5KG, 50, 5000), offer(RICE_5KG_OTHER_BRAND, 50, 4800))), capped(RICE_5KG, 2));

        assertEquals(List.of(LegLine.of(RICE_5KG, 2, Money.fen(5000))), leg(plan, "shop").lines());
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 3, "PURCHASE_CAP")), plan.unfilled());
    }

    @Test
    void countsSubstituteUnitsAgainstTheSubstitutesOwnCap() {
        Plan plan = allocate(basket(line(RICE_5KG, 3, alternates(RICE_5KG_OTHER_BRAND, RICE_5KG_THIRD_BRAND))), stores(
                store("shop", 1.0, offer(RICE_5KG_OTHER_BRAND, 50, 4800), offer(RICE_5KG_THIRD_BRAND, 50, 5100))),
                capped(RICE_5KG_OTHER_BRAND, 1));

        assertEquals(1, substituted(plan, RICE_5KG, RICE_5KG_OTHER_BRAND));
        assertEquals(2, substituted(plan, RICE_5KG, RICE_5KG_THIRD_BRAND));
    }

    @Test
    void ignoresOffersAbovePriceCeiling() {
        Plan plan = allocate(basket(line(RICE_5KG, 2)), stores(
                store("gouging", 0.3, offer(RICE_5KG, 50, 9900)),
                store("fair", 2.0, offer(RICE_5KG, 50, 5000))), ceiling(RICE_5KG, 6000));

        assertEquals(List.of("fair"), plan.storeIds());
        assertEquals(2, units(plan, "fair", RICE_5KG));
    }

    @Test
    void reportsPriceCeilingWhenTheProductIsOnlyOfferedAboveIt() {
        Plan plan = allocate(basket(line(RICE_5KG, 2), line(EGGS_30, 1)), stores(
                store("gouging", 0.3, offer(RICE_5KG, 50, 9900), offer(EGGS_30, 10, 1800))), ceiling(RICE_5KG, 6000));

        assertEquals(List.of("gouging"), plan.storeIds());
        assertEquals(List.of(LegLine.of(EGGS_30, 1, Money.fen(1800))), leg(plan, "gouging").lines());
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 2, "PRICE_CEILING")), plan.unfilled());
    }

    @Test
    void leavesAnOrdinaryBasketTheStockOutsideThePriorityReserveAndAPriorityOneAllOfIt() {
        LockdownRules reserve = new LockdownRules(Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(RICE_5KG, new PriorityReserve(0.5)), false);
        List<CandidateStore> scarce = stores(store("a", 0.5, offer(RICE_5KG, 5, 5000)), store("b", 1.0, offer(RICE_5KG, 1, 5000)));

        Plan ordinary = allocate(basket(line(RICE_5KG, 6)), scarce, maxStores(2).withLockdown(reserve));
        Plan priority = allocate(basket(line(RICE_5KG, 6)), scarce, maxStores(2).withLockdown(reserve.withReserveOpen(true)));

        // a keeps floor(5 x 0.5) = 2 for priority orders; b's single unit has no half to keep
        assertEquals(3, units(ordinary, "a", RICE_5KG));
        assertEquals(1, units(ordinary, "b", RICE_5KG));
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 2, "PRIORITY_RESERVE")), ordinary.unfilled());
        assertEquals(6, units(priority, "a", RICE_5KG) + units(priority, "b", RICE_5KG));
        assertEquals(List.of(), priority.unfilled());
    }

    @Test
    void refusesAPriorityReserveOverHalfOfTheStock() {
        assertThrows(IllegalArgumentException.class, () -> new PriorityReserve(0.51));
        assertThrows(IllegalArgumentException.class, () -> new PriorityReserve(0));
        assertEquals(0, new PriorityReserve(0.5).unitsOf(1), "ordinary orders keep at least half, rounded up");
    }

    @Test
    void prefersNearerStoreOnEqualFill() {
        Plan plan = allocate(basket(line(RICE_5KG, 2)), stores(
                store("far", 2.0, offer(RICE_5KG, 50, 4000)),
                store("near", 1.0, offer(RICE_5KG, 50, 5000))));

        assertEquals(List.of("near"), plan.storeIds());
    }

    @Test
    void prefersCheaperOnEqualDistance() {
        Plan plan = allocate(basket(line(RICE_5KG, 2), line(EGGS_30, 1)), stores(
                store("dear", 1.0, offer(RICE_5KG, 50, 5000), offer(EGGS_30, 50, 1800)),
                store("cheap", 1.0, offer(RICE_5KG, 50, 4900), offer(EGGS_30, 50, 1800))));

        assertEquals(List.of("cheap"), plan.storeIds());
        assertEquals(Money.fen(11600), plan.total());
    }

    @Test
    void breaksExactTiesByStoreIdWhateverTheCandidateOrder() {
        CandidateStore b = store("b", 1.0, offer(RICE_5KG, 5, 5000));
        CandidateStore a = store("a", 1.0, offer(RICE_5KG, 5, 5000));

        assertEquals(List.of("a"), allocate(basket(line(RICE_5KG, 1)), stores(a, b)).storeIds());
        assertEquals(List.of("a"), allocate(basket(line(RICE_5KG, 1)), stores(b, a)).storeIds());
    }

    @Test
    void emptyCandidatesLeaveEverythingUnfilled() {
        Plan plan = allocate(basket(line(RICE_5KG, 2), line(EGGS_30, 1, similar())), stores());

        assertEquals(List.of(), plan.legs());
        assertEquals(List.of(new UnfilledLine(RICE_5KG, 2, "OUT_OF_STOCK"), new UnfilledLine(EGGS_30, 1, "OUT_OF_STOCK")),
                plan.unfilled());
        assertEquals(Money.fen(0), plan.total());
        assertEquals(0, plan.substitutedUnits());
    }

    @Test
    void plansAgainWithoutAStoreWhoseHoldFailed() {
        AllocationRequest request = new AllocationRequest(basket(line(RICE_5KG, 2)), stores(
                store("near", 1.0, offer(RICE_5KG, 50, 5000)),
                store("far", 2.0, offer(RICE_5KG, 50, 5000))), CATALOGUE, AllocationRules.DEFAULTS);

        assertEquals(List.of("near"), Allocator.allocate(request).storeIds());
        assertEquals(List.of("far"), Allocator.allocate(request.without("near")).storeIds());
    }

    @Test
    void coversAHundredLinesFromFiveOfTwentyStores() {
        List<BasketLine> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(line(gtin(1000 + i), 1 + i % 3, i % 2 == 0 ? similar() : alternates(gtin(2000 + i))));
        }
        List<CandidateStore> candidates = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            List<Offer> offers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                boolean carries = s % 4 == 0 ? i % 5 == s / 4 : (i * 7 + s) % 10 < 3;
                offers.add(offer(gtin(1000 + i), carries ? (s % 4 == 0 ? 3 : 1) : 0, 1000 + s));
            }
            candidates.add(new CandidateStore("store-" + s, 0.4 * s, offers));
        }

        Plan plan = Allocator.allocate(new AllocationRequest(lines, candidates, List.of(), maxStores(5)));

        assertEquals(List.of("store-0", "store-12", "store-16", "store-4", "store-8"), plan.storeIds());
        assertEquals(0, plan.unfilledUnits());
        assertEquals(0, plan.substitutedUnits());
    }

    @Test
    void rejectsMaxStoresOutsideOneToFive() {
        assertThrows(IllegalArgumentException.class, () -> AllocationRules.of(0));
        assertThrows(IllegalArgumentException.class, () -> AllocationRules.of(6));
    }

    @Test
    void rejectsOffersInAnotherCurrency() {
        var foreign = new CandidateStore("shop", 1.0, List.of(new Offer(RICE_5KG, 1, Money.of(500, "USD"))));

        assertThrows(IllegalArgumentException.class,
                () -> new AllocationRequest(basket(line(RICE_5KG, 1)), List.of(foreign), AllocationRules.DEFAULTS));
    }

    @Test
    void rejectsTheSameStoreTwiceAndAStoreOfferingAProductTwice() {
        assertThrows(IllegalArgumentException.class, () -> new AllocationRequest(basket(line(RICE_5KG, 1)),
                stores(store("shop", 1.0), store("shop", 2.0)), AllocationRules.DEFAULTS));
        assertThrows(IllegalArgumentException.class,
                () -> store("shop", 1.0, offer(RICE_5KG, 1, 500), offer(RICE_5KG, 2, 500)));
    }

    @Test
    void rejectsNegativeStockDistanceAndCaps() {
        assertThrows(IllegalArgumentException.class, () -> offer(RICE_5KG, -1, 500));
        assertThrows(IllegalArgumentException.class, () -> store("shop", -0.1));
        assertThrows(IllegalArgumentException.class, () -> store("shop", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LockdownRules(Map.of(RICE_5KG, 0), Map.of()));
    }

    @Test
    void rejectsAnEmptyBasketAndOneNamingAProductTwice() {
        assertThrows(IllegalArgumentException.class,
                () -> new AllocationRequest(List.of(), stores(), AllocationRules.DEFAULTS));
        assertThrows(IllegalArgumentException.class,
                () -> new AllocationRequest(basket(line(RICE_5KG, 1), line(RICE_5KG, 2)), stores(), AllocationRules.DEFAULTS));
    }

    @Test
    void substitutesNameTheRequestedProductAndOriginalsDoNot() {
        Plan plan = allocate(basket(line(RICE_5KG, 3, similar())), stores(
                store("shop", 1.0, offer(RICE_5KG, 1, 5000), offer(RICE_5KG_OTHER_BRAND, 5, 4000))));

        List<LegLine> lines = leg(plan, "shop").lines();
        assertNull(lines.get(0).substituteFor());
        assertEquals(RICE_5KG, lines.get(1).substituteFor());
        assertTrue(plan.unfilled().isEmpty());
    }
}
