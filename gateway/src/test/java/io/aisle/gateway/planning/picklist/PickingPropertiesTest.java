package io.aisle.gateway.planning.picklist;

import static io.aisle.gateway.planning.PlanningFixtures.STORE_A;
import static io.aisle.gateway.planning.PlanningFixtures.T0;
import static io.aisle.gateway.planning.PlanningFixtures.gtin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.Wave;
import io.aisle.gateway.planning.wave.WaveCloseReason;
import io.aisle.gateway.planning.wave.WaveRules;
import io.aisle.gateway.planning.wave.WaveWorlds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PickingPropertiesTest {

    /** Shelf places for products 1 to 4; products 5 and 6 have none. */
    private static final StoreLayout LAYOUT = StoreLayout.of(Map.of(
            gtin(1), new ShelfLocation("B", "3"),
            gtin(2), new ShelfLocation("A", "12"),
            gtin(3), new ShelfLocation("A", "2"),
            gtin(4), new ShelfLocation("B", "3")));

    @Provide
    Arbitrary<Wave> waves() {
        return WaveWorlds.legs(8, 600).filter(legs -> !legs.isEmpty())
                .map(legs -> legs.stream().map(leg -> new OpenLeg(leg.orderId(), STORE_A, leg.lines(), leg.weightGrams(),
                        leg.priority(), leg.confirmedAt(), leg.deliveryPoint(), leg.riderExpectedAt())).toList())
                .map(legs -> new Wave("wave-x", STORE_A, WaveCloseReason.WINDOW, T0.plusSeconds(600), legs));
    }

    @Provide
    Arbitrary<WaveRules> rules() {
        return WaveWorlds.rules();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void pickListTotalsEqualTheSumOfTheLegsLines(@ForAll("waves") Wave wave, @ForAll("rules") WaveRules rules) {
        PickList list = PickListBuilder.build(wave, LAYOUT, rules);

        Map<String, Integer> expected = new HashMap<>();
        for (OpenLeg leg : wave.legs()) {
            for (LegLine line : leg.lines()) {
                expected.merge(line.gtin() + "/" + leg.orderId(), line.quantity(), Integer::sum);
            }
        }
        Map<String, Integer> listed = new HashMap<>();
        for (PickLine line : list.lines()) {
            for (OrderSplit split : line.orders()) {
                listed.merge(line.gtin() + "/" + split.orderId(), split.quantity(), Integer::sum);
            }
        }
        assertEquals(expected, listed);
        assertEquals(wave.items(), list.lines().stream().mapToInt(PickLine::quantity).sum());
        assertEquals(wave.products().size(), list.lines().size());
        assertEquals(wave.closedAt().plus(rules.pickTime(list.lines().size())), list.readyBy());
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void pickListWalksTheStoreInShelfOrderWithUnknownPlacesLast(@ForAll("waves") Wave wave, @ForAll("rules") WaveRules rules) {
        List<PickLine> lines = PickListBuilder.build(wave, LAYOUT, rules).lines();

        for (int i = 1; i < lines.size(); i++) {
            PickLine before = lines.get(i - 1);
            PickLine after = lines.get(i);
            if (before.zone() == null) {
                assertTrue(after.zone() == null && before.gtin().compareTo(after.gtin()) < 0, lines::toString);
            } else if (after.zone() != null) {
                int byPlace = new ShelfLocation(before.zone(), before.aisle()).compareTo(new ShelfLocation(after.zone(), after.aisle()));
                assertTrue(byPlace < 0 || (byPlace == 0 && before.gtin().compareTo(after.gtin()) < 0), lines::toString);
            }
        }
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void pickListDoesNotDependOnTheOrderOfTheLegs(@ForAll("waves") Wave wave, @ForAll("rules") WaveRules rules, @ForAll("seeds") long seed) {
        List<OpenLeg> shuffled = new ArrayList<>(wave.legs());
        Collections.shuffle(shuffled, new Random(seed));
        Wave same = new Wave(wave.waveId(), wave.storeId(), wave.reason(), wave.closedAt(), shuffled);

        assertEquals(PickListBuilder.build(wave, LAYOUT, rules), PickListBuilder.build(same, LAYOUT, rules));
    }

    @Provide
    Arbitrary<Picking> pickings() {
        Arbitrary<LegLine> line = Combinators.combine(
                Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 6), Arbitraries.longs().between(1, 99))
                .as((product, quantity, price) -> LegLine.of(gtin(product), quantity, Money.fen(price * 10)));
        Arbitrary<Substitution> policy = Arbitraries.of(SubstitutionMode.class).flatMap(mode -> switch (mode) {
            case NONE -> Arbitraries.just(Substitution.NONE);
            case SIMILAR -> Arbitraries.just(new Substitution(SubstitutionMode.SIMILAR, List.of()));
            case ALTERNATES -> Arbitraries.integers().between(7, 9).list().uniqueElements().ofMinSize(1).ofMaxSize(3)
                    .map(alternates -> new Substitution(SubstitutionMode.ALTERNATES, alternates.stream().map(i -> gtin(i)).toList()));
        });
        Arbitrary<int[]> outcome = Arbitraries.integers().between(0, 9).array(int[].class).ofSize(4);
        return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(5).uniqueElements(LegLine::gtin),
                policy.list().ofSize(6), outcome.list().ofSize(5))
                .as((lines, policies, outcomes) -> {
                    Map<Gtin, Substitution> byGtin = new HashMap<>();
                    for (int i = 0; i < lines.size(); i++) {
                        byGtin.put(lines.get(i).gtin(), policies.get(i));
                    }
                    List<PickResultLine> results = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        int[] o = outcomes.get(i);
                        LegLine l = lines.get(i);
                        if (o[0] == 0) {
                            continue;
                        }
                        int picked = Math.min(l.quantity(), o[1] % (l.quantity() + 1));
                        boolean substitute = o[2] % 2 == 0 && picked < l.quantity();
                        Gtin sub = gtin(o[2] % 2 == 0 ? 1 + (o[3] % 9) : 1);
                        results.add(substitute
                                ? new PickResultLine("o-1", l.gtin(), PickStatus.SUBSTITUTED, l.quantity(), picked, sub, 1 + o[1] % 4,
                                        Money.fen(10L * (1 + o[3] * 13 % 120)))
                                : new PickResultLine("o-1", l.gtin(), picked == l.quantity() ? PickStatus.PICKED : PickStatus.SHORT,
                                        l.quantity(), picked, null, 0, null));
                    }
                    return new Picking(new OrderedLeg("o-1", STORE_A, lines, byGtin), results);
                });
    }

    record Picking(OrderedLeg leg, List<PickResultLine> results) {
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void chargedAndRefundedReconcileWithTheOrderAndNeverExceedIt(@ForAll("pickings") Picking picking) {
        LegSettlement settlement = PickOutcomes.settle(picking.leg(), picking.results(), PickingFixtures.CATALOGUE);

        Reconciliation money = settlement.reconciliation();
        assertEquals(picking.leg().total(), money.originalTotal());
        assertEquals(money.originalTotal().plus(money.substitutesCharged()), money.charged().plus(money.refunded()));
        assertTrue(money.charged().compareTo(money.originalTotal()) <= 0, money::toString);
        for (int i = 0; i < settlement.lines().size(); i++) {
            LineOutcome line = settlement.lines().get(i);
            LegLine orderedLine = picking.leg().lines().get(i);
            assertEquals(orderedLine.quantity(), line.picked() + line.substituteUnits() + line.shortUnits());
            assertTrue(line.charged().compareTo(orderedLine.lineTotal()) <= 0, line::toString);
            if (picking.leg().policyFor(orderedLine).mode() == SubstitutionMode.NONE) {
                assertEquals(0, line.substituteUnits(), line::toString);
            }
        }
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void settlementDoesNotDependOnTheOrderOfTheResultLines(@ForAll("pickings") Picking picking, @ForAll("seeds") long seed) {
        List<PickResultLine> shuffled = new ArrayList<>(picking.results());
        Collections.shuffle(shuffled, new Random(seed));

        assertEquals(PickOutcomes.settle(picking.leg(), picking.results(), PickingFixtures.CATALOGUE),
                PickOutcomes.settle(picking.leg(), shuffled, PickingFixtures.CATALOGUE));
    }
}
