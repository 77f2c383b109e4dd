package io.aisle.gateway.planning;

import static io.aisle.gateway.planning.PlanningFixtures.metresFromSquare;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.planning.picklist.PickListBuilder;
import io.aisle.gateway.planning.picklist.StoreLayout;
import io.aisle.gateway.planning.trip.PlannedTrip;
import io.aisle.gateway.planning.trip.ReadyOrder;
import io.aisle.gateway.planning.trip.ReadyPickup;
import io.aisle.gateway.planning.trip.TripLeg;
import io.aisle.gateway.planning.trip.TripPlanner;
import io.aisle.gateway.planning.trip.TripRules;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.Wave;
import io.aisle.gateway.planning.wave.WaveRules;
import io.aisle.gateway.planning.wave.WaveWorlds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The three steps together, as the gateway runs them: open legs close into waves over time, each wave's pick list
 * goes to its store, and the bagged orders ride. Pairs of generated legs at different stores are one split order.
 */
class PlanningPipelinePropertiesTest {

    private static final Map<String, GeoPoint> STORE_PLACES = Map.of(
            "store-a", metresFromSquare(0, 0), "store-b", metresFromSquare(0, 1_200));

    @Provide
    Arbitrary<List<OpenLeg>> legs() {
        return WaveWorlds.legs(16, 900).map(PlanningPipelinePropertiesTest::pairSplitOrders);
    }

    @Provide
    Arbitrary<WaveRules> rules() {
        return WaveWorlds.rules();
    }

    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
    void everyOrderLegIsPickedInExactlyOneWaveAndRidesOnExactlyOneTrip(@ForAll("legs") List<OpenLeg> legs,
            @ForAll("rules") WaveRules rules) {
        List<Wave> waves = WaveWorlds.simulate(legs, rules);

        Map<String, Integer> ordered = new TreeMap<>();
        legs.forEach(leg -> leg.lines().forEach(line -> ordered.merge(leg.storeId() + "/" + leg.orderId() + "/" + line.gtin(),
                line.quantity(), Integer::sum)));
        Map<String, Integer> listed = new TreeMap<>();
        Map<String, List<ReadyPickup>> pickups = new TreeMap<>();
        Map<String, OpenLeg> anyLeg = new TreeMap<>();
        for (Wave wave : waves) {
            PickList list = PickListBuilder.build(wave, StoreLayout.unknown(), rules);
            list.lines().forEach(line -> line.orders().forEach(split ->
                    listed.merge(wave.storeId() + "/" + split.orderId() + "/" + line.gtin(), split.quantity(), Integer::sum)));
            for (OpenLeg leg : wave.legs()) {
                pickups.computeIfAbsent(leg.orderId(), id -> new ArrayList<>()).add(new ReadyPickup(leg.storeId(),
                        STORE_PLACES.get(leg.storeId()), wave.waveId(), list.readyBy(), 1, Math.max(1, leg.weightGrams())));
                anyLeg.merge(leg.orderId(), leg, (a, b) -> a.priority().compareTo(b.priority()) >= 0 ? a : b);
            }
        }
        assertEquals(ordered, listed);

        List<ReadyOrder> ready = anyLeg.values().stream().map(leg -> new ReadyOrder(leg.orderId(), leg.priority(),
                pickups.get(leg.orderId()), leg.deliveryPoint(), false, null)).toList();
        List<PlannedTrip> trips = TripPlanner.plan(ready, TripRules.DEFAULTS);

        List<TripLeg> expected = legs.stream().map(leg -> new TripLeg(leg.orderId(), leg.storeId())).sorted().toList();
        assertEquals(expected, trips.stream().flatMap(trip -> trip.legs().stream()).sorted().toList());
        assertEquals(expected, waves.stream().flatMap(w -> w.legs().stream()).map(leg -> new TripLeg(leg.orderId(), leg.storeId()))
                .sorted().toList());
    }

    /** Gives each pair of consecutive legs at different stores one order id, so that some orders are split. */
    private static List<OpenLeg> pairSplitOrders(List<OpenLeg> legs) {
        List<OpenLeg> sorted = new ArrayList<>(legs);
        sorted.sort(Comparator.comparing(OpenLeg::orderId));
        List<OpenLeg> paired = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            OpenLeg leg = sorted.get(i);
            boolean secondOfPair = i % 2 == 1 && !sorted.get(i - 1).storeId().equals(leg.storeId());
            String orderId = secondOfPair ? sorted.get(i - 1).orderId() : leg.orderId();
            paired.add(new OpenLeg(orderId, leg.storeId(), leg.lines(), leg.weightGrams(), secondOfPair ? PriorityClass.STANDARD : leg.priority(),
                    leg.confirmedAt(), leg.deliveryPoint(), leg.riderExpectedAt()));
        }
        return paired;
    }
}
