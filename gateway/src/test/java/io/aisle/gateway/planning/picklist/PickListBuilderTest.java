package io.aisle.gateway.planning.picklist;

import static io.aisle.gateway.planning.PlanningFixtures.EGGS_30;
import static io.aisle.gateway.planning.PlanningFixtures.FIVE_MINUTE_WAVES;
import static io.aisle.gateway.planning.PlanningFixtures.FLOUR_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.MASKS_50;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_1KG;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG_OTHER_BRAND;
import static io.aisle.gateway.planning.PlanningFixtures.leg;
import static io.aisle.gateway.planning.PlanningFixtures.line;
import static io.aisle.gateway.planning.PlanningFixtures.minutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.Wave;
import io.aisle.gateway.planning.wave.WavePlanner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickListBuilderTest {

    private static final StoreLayout LAYOUT = StoreLayout.of(Map.of(
            RICE_5KG, new ShelfLocation("ambient", "aisle 10"),
            RICE_5KG_OTHER_BRAND, new ShelfLocation("ambient", "aisle 2"),
            FLOUR_5KG, new ShelfLocation("ambient", "aisle 2"),
            EGGS_30, new ShelfLocation("chilled", "aisle 1")));

    @Test
    void sumsEachProductOverTheWaveWithTheSplitPerOrderForBagging() {
        Wave wave = closedWave(
                leg("o-2", minutes(0), line(RICE_5KG, 2), line(EGGS_30, 1)),
                leg("o-1", minutes(1), line(RICE_5KG, 3)));

        PickList list = PickListBuilder.build(wave, LAYOUT, FIVE_MINUTE_WAVES);

        PickLine rice = lineFor(list, RICE_5KG);
        assertEquals(5, rice.quantity());
        assertEquals(List.of(new OrderSplit("o-1", 3), new OrderSplit("o-2", 2)), rice.orders());
        assertEquals(List.of(new OrderSplit("o-2", 1)), lineFor(list, EGGS_30).orders());
    }

    @Test
    void walksTheStoreByZoneAndAisleWithProductsOfUnknownPlaceLast() {
        Wave wave = closedWave(leg("o-1", minutes(0),
                line(MASKS_50, 1), line(EGGS_30, 1), line(RICE_1KG, 1), line(RICE_5KG, 1), line(FLOUR_5KG, 1), line(RICE_5KG_OTHER_BRAND, 1)));

        PickList list = PickListBuilder.build(wave, LAYOUT, FIVE_MINUTE_WAVES);

        // ambient aisle 2 (by GTIN), ambient aisle 10, chilled aisle 1, then the unknown places by GTIN.
        assertEquals(List.of(RICE_5KG_OTHER_BRAND, FLOUR_5KG, RICE_5KG, EGGS_30, RICE_1KG, MASKS_50),
                list.lines().stream().map(PickLine::gtin).toList());
        assertEquals("aisle 10", lineFor(list, RICE_5KG).aisle());
        assertNull(lineFor(list, MASKS_50).zone());
    }

    @Test
    void namesThePickListAfterItsWaveAndExpectsItReadyAfterTheBaseTimeAndOneStepPerLine() {
        Wave wave = closedWave(leg("o-1", minutes(0), line(RICE_5KG, 1), line(EGGS_30, 4)));

        PickList list = PickListBuilder.build(wave, LAYOUT, FIVE_MINUTE_WAVES);
        PickList again = PickListBuilder.build(wave, LAYOUT, FIVE_MINUTE_WAVES);

        assertEquals("pick-" + wave.waveId(), list.pickListId());
        assertEquals(wave.waveId(), list.waveId());
        assertEquals(wave.storeId(), list.storeId());
        assertEquals(minutes(5 + 2 + 1), list.readyBy());
        assertEquals(list, again);
    }

    @Test
    void bagsAProductOneOrderHasOnTwoLinesAsOneSplit() {
        LegLine asItself = line(RICE_5KG, 2);
        LegLine asSubstitute = new LegLine(RICE_5KG, 1, Money.fen(1_000), Money.fen(1_000), RICE_5KG_OTHER_BRAND);
        Wave wave = closedWave(leg("o-1", minutes(0), asItself, asSubstitute));

        PickList list = PickListBuilder.build(wave, StoreLayout.unknown(), FIVE_MINUTE_WAVES);

        assertEquals(List.of(new OrderSplit("o-1", 3)), lineFor(list, RICE_5KG).orders());
    }

    @Test
    void readsShelfSignsTheWayAPersonDoes() {
        assertTrue(new ShelfLocation("A", "2").compareTo(new ShelfLocation("A", "10")) < 0);
        assertTrue(new ShelfLocation("zone 9", "1").compareTo(new ShelfLocation("zone 10", "1")) < 0);
        assertTrue(new ShelfLocation("A", "2b").compareTo(new ShelfLocation("A", "2c")) < 0);
        assertTrue(new ShelfLocation("A", "02").compareTo(new ShelfLocation("A", "2")) != 0);
    }

    private static Wave closedWave(OpenLeg... legs) {
        List<Wave> waves = WavePlanner.decide(List.of(legs), minutes(5), FIVE_MINUTE_WAVES).waves();
        assertEquals(1, waves.size());
        return waves.get(0);
    }

    private static PickLine lineFor(PickList list, Gtin gtin) {
        return list.lines().stream().filter(l -> l.gtin().equals(gtin)).findFirst().orElseThrow();
    }
}
