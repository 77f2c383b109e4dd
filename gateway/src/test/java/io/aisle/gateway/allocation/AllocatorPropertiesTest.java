package io.aisle.gateway.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AllocatorPropertiesTest {

    private static final AllocationWorlds.Limits ANY = new AllocationWorlds.Limits(7, 5, 6, 6, true);
    private static final AllocationWorlds.Limits NO_LOCKDOWN = new AllocationWorlds.Limits(6, 5, 6, 6, false);
    private static final AllocationWorlds.Limits SMALL = new AllocationWorlds.Limits(4, 3, 4, 4, true);

    @Provide
    Arbitrary<AllocationRequest> requests() {
        return AllocationWorlds.requests(ANY);
    }

    @Provide
    Arbitrary<AllocationRequest> requestsWithoutLockdown() {
        return AllocationWorlds.requests(NO_LOCKDOWN);
    }

    @Provide
    Arbitrary<AllocationRequest> smallRequests() {
        return AllocationWorlds.requests(SMALL);
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void neverAllocatesMoreThanAStoresStockOfAProduct(@ForAll("requests") AllocationRequest request) {
        Plan plan = Allocator.allocate(request);

        Map<String, Map<Gtin, Integer>> taken = new HashMap<>();
        for (Leg leg : plan.legs()) {
            for (LegLine line : leg.lines()) {
                taken.computeIfAbsent(leg.storeId(), id -> new HashMap<>()).merge(line.gtin(), line.quantity(), Integer::sum);
            }
        }
        taken.forEach((storeId, units) -> {
            CandidateStore store = candidate(request, storeId);
            units.forEach((gtin, quantity) -> {
                Offer offer = store.offers().stream().filter(o -> o.gtin().equals(gtin)).findFirst().orElse(null);
                assertNotNull(offer, () -> storeId + " does not offer " + gtin + ": " + plan);
                assertTrue(quantity <= offer.available(), () -> storeId + " has " + offer.available() + " of " + gtin + ": " + plan);
            });
        });
        for (Leg leg : plan.legs()) {
            for (LegLine line : leg.lines()) {
                Offer offer = candidate(request, leg.storeId()).offers().stream()
                        .filter(o -> o.gtin().equals(line.gtin())).findFirst().orElseThrow();
                assertEquals(offer.unitPrice(), line.unitPrice());
                request.rules().lockdown().priceCeiling(line.gtin())
                        .ifPresent(ceiling -> assertTrue(line.unitPrice().compareTo(ceiling) <= 0, () -> "above ceiling: " + plan));
            }
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void accountsForEveryRequestedUnitAsAllocatedOrUnfilled(@ForAll("requests") AllocationRequest request) {
        Plan plan = Allocator.allocate(request);

        Set<Gtin> requested = request.lines().stream().map(BasketLine::gtin).collect(Collectors.toSet());
        for (BasketLine line : request.lines()) {
            int own = sum(plan, l -> l.gtin().equals(line.gtin()) && l.substituteFor() == null);
            int substitutes = sum(plan, l -> line.gtin().equals(l.substituteFor()));
            int unfilled = plan.unfilled().stream().filter(u -> u.gtin().equals(line.gtin())).mapToInt(UnfilledLine::quantity).sum();
            assertEquals(line.quantity(), own + substitutes + unfilled, () -> "line " + line + " in " + plan);
        }
        assertTrue(plan.legs().stream().flatMap(leg -> leg.lines().stream())
                .allMatch(l -> requested.contains(l.substituteFor() == null ? l.gtin() : l.substituteFor())), plan::toString);
        assertTrue(plan.unfilled().stream().allMatch(u -> requested.contains(u.gtin())), plan::toString);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void choosesOneStoreWheneverOneStoreCanFillTheWholeBasket(@ForAll("requestsWithoutLockdown") AllocationRequest generated) {
        List<Offer> everything = generated.lines().stream().map(line -> new Offer(line.gtin(), line.quantity(), Money.fen(999))).toList();
        List<CandidateStore> candidates = new ArrayList<>(generated.candidates());
        candidates.add(new CandidateStore("has-everything", 9.9, everything));
        AllocationRequest request = new AllocationRequest(generated.lines(), candidates, generated.products(), generated.rules());

        Plan plan = Allocator.allocate(request);

        assertEquals(1, plan.legs().size(), plan::toString);
        assertEquals(List.of(), plan.unfilled());
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void neverUsesMoreStoresThanAllowed(@ForAll("requests") AllocationRequest request) {
        Plan plan = Allocator.allocate(request);

        assertTrue(plan.legs().size() <= request.rules().maxStores(), plan::toString);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void blamesTheStoreLimitForExactlyTheUnitsMoreStoresWouldFill(@ForAll("smallRequests") AllocationRequest request) {
        AllocationRules unlimited = new AllocationRules(AllocationRules.MAX_STORES_LIMIT, request.rules().currency(),
                request.rules().lockdown());

        Plan plan = Allocator.allocate(request);
        Plan withoutLimit = Allocator.allocate(new AllocationRequest(request.lines(), request.candidates(), request.products(), unlimited));

        int blamed = plan.unfilled().stream().filter(u -> u.reason().equals("MAX_STORES")).mapToInt(UnfilledLine::quantity).sum();
        assertEquals(plan.unfilledUnits() - withoutLimit.unfilledUnits(), blamed, plan::toString);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void legSubtotalsAndTotalAddUp(@ForAll("requests") AllocationRequest request) {
        Plan plan = Allocator.allocate(request);

        long total = 0;
        for (Leg leg : plan.legs()) {
            long subtotal = 0;
            for (LegLine line : leg.lines()) {
                assertEquals(line.unitPrice().amount() * line.quantity(), line.lineTotal().amount());
                subtotal += line.lineTotal().amount();
            }
            assertEquals(subtotal, leg.subtotal().amount());
            total += subtotal;
        }
        assertEquals(Money.fen(total), plan.total());
        assertEquals(sum(plan, line -> line.substituteFor() != null), plan.substitutedUnits());
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void substitutesRespectEachLinesPolicyAndOnlyFillWhatTheRequestedProductCannot(@ForAll("requests") AllocationRequest request) {
        Plan plan = Allocator.allocate(request);
        LockdownRules lockdown = request.rules().lockdown();

        for (LegLine sub : plan.legs().stream().flatMap(leg -> leg.lines().stream()).filter(l -> l.substituteFor() != null).toList()) {
            BasketLine line = request.lines().stream().filter(l -> l.gtin().equals(sub.substituteFor())).findFirst().orElseThrow();
            switch (line.substitution().mode()) {
                case NONE -> throw new AssertionError("substitute for a NONE line: " + plan);
                case ALTERNATES -> assertTrue(line.substitution().alternates().contains(sub.gtin()), plan::toString);
                case SIMILAR -> assertTrue(fact(request, line.gtin()).similarTo(fact(request, sub.gtin())), plan::toString);
            }
            int wanted = Math.min(line.quantity(), lockdown.purchaseCap(line.gtin()).orElse(Integer.MAX_VALUE));
            int inPlanStores = plan.storeIds().stream().mapToInt(id -> usable(request, candidate(request, id), line.gtin())).sum();
            int own = sum(plan, l -> l.gtin().equals(line.gtin()) && l.substituteFor() == null);
            assertEquals(Math.min(wanted, inPlanStores), own, () -> "substituted before using " + line.gtin() + ": " + plan);
        }
        lockdown.purchaseCaps().forEach((gtin, cap) ->
                assertTrue(sum(plan, l -> l.gtin().equals(gtin)) <= cap, () -> "over the cap of " + gtin + ": " + plan));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void givesTheSamePlanForTheSameRequestInAnyOrder(@ForAll("requests") AllocationRequest request, @ForAll Random random) {
        List<CandidateStore> shuffled = new ArrayList<>();
        for (CandidateStore store : request.candidates()) {
            List<Offer> offers = new ArrayList<>(store.offers());
            Collections.shuffle(offers, random);
            shuffled.add(new CandidateStore(store.storeId(), store.distanceKm(), offers));
        }
        Collections.shuffle(shuffled, random);
        List<Product> facts = new ArrayList<>(request.products());
        Collections.shuffle(facts, random);

        Plan plan = Allocator.allocate(request);

        assertEquals(plan, Allocator.allocate(request));
        assertEquals(plan, Allocator.allocate(new AllocationRequest(request.lines(), shuffled, facts, request.rules())));
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void fillsAsManyUnitsWithAsFewStoresAsAnExhaustiveSearch(@ForAll("smallRequests") AllocationRequest request) {
        ExhaustiveSearch.Optimum optimum = ExhaustiveSearch.optimum(request);

        Plan plan = Allocator.allocate(request);

        assertEquals(optimum, new ExhaustiveSearch.Optimum(plan.unfilledUnits(), plan.legs().size(), plan.substitutedUnits()),
                plan::toString);
    }

    private static CandidateStore candidate(AllocationRequest request, String storeId) {
        return request.candidates().stream().filter(s -> s.storeId().equals(storeId)).findFirst().orElseThrow();
    }

    private static Product fact(AllocationRequest request, Gtin gtin) {
        return request.products().stream().filter(p -> p.gtin().equals(gtin)).findFirst()
                .orElseThrow(() -> new AssertionError("no catalogue facts for " + gtin));
    }

    private static int usable(AllocationRequest request, CandidateStore store, Gtin gtin) {
        Money ceiling = request.rules().lockdown().priceCeiling(gtin).orElse(null);
        return store.offers().stream().filter(o -> o.gtin().equals(gtin))
                .filter(o -> ceiling == null || o.unitPrice().compareTo(ceiling) <= 0)
                .mapToInt(Offer::available).sum();
    }

    private static int sum(Plan plan, Predicate<LegLine> which) {
        return plan.legs().stream().flatMap(leg -> leg.lines().stream()).filter(which).mapToInt(LegLine::quantity).sum();
    }
}
