package io.aisle.simulator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.simulator.catalogue.CatalogueItem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What load tests read from the fleet: work sent twice for one order leg, and fault mixes over the stores. */
class SentTwiceTest {

    private final Fleet fleet = Fleet.build(FleetSpec.withStoresPerChain(10));
    private final Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
    private final CatalogueItem item = store.assortment().get(0);

    @Test
    void countsASecondHoldIdForTheSameLinesOfAnOrderStillHeld() {
        store.setAvailable(item.gtin(), 50);
        List<HoldLine> lines = List.of(new HoldLine(item.gtin(), 2));
        Instant until = Instant.now().plus(10, ChronoUnit.MINUTES);

        store.hold(new HoldRequest("o-1:s:1", "o-1", lines, until), false);
        store.hold(new HoldRequest("o-1:s:1", "o-1", lines, until), false);
        store.hold(new HoldRequest("o-1:s:2", "o-1", List.of(new HoldLine(item.gtin(), 3)), until), false);
        assertEquals(0, fleet.counters().snapshot().get("holdRepeats"), "a replay and other lines are not a repeat");
        assertEquals(1, fleet.counters().snapshot().get("holdReplays"));

        store.hold(new HoldRequest("o-1:s:3", "o-1", lines, until), false);
        assertEquals(1, fleet.counters().snapshot().get("holdRepeats"));
    }

    @Test
    void countsAnOrderInASecondPickListOfTheSameStore() {
        store.acceptPickList(pickList("pl-1", "o-1", "o-2"));
        store.acceptPickList(pickList("pl-2", "o-3"));
        assertEquals(0, fleet.counters().snapshot().get("pickListLegRepeats"));

        store.acceptPickList(pickList("pl-3", "o-2", "o-4"));
        assertEquals(1, fleet.counters().snapshot().get("pickListLegRepeats"));
    }

    @Test
    void aFaultMixFaultsItsShareOfDistinctStoresTheSameForTheSameSeed() {
        List<Store> faulted = FaultMix.apply(fleet, "hang=10%,error=20%", 42);

        assertEquals(9, faulted.size());
        assertEquals(9, new HashSet<>(faulted).size());
        assertEquals(3, faulted.stream().filter(s -> s.ownFault().mode() == FaultMode.HANG).count());
        assertEquals(6, faulted.stream().filter(s -> s.ownFault().mode() == FaultMode.ERROR).count());
        Set<String> first = new HashSet<>(faulted.stream().map(Store::id).toList());
        fleet.clearFaults();
        assertEquals(first, new HashSet<>(FaultMix.apply(fleet, "hang=10%,error=20%", 42).stream().map(Store::id).toList()));
        assertThrows(IllegalArgumentException.class, () -> FaultMix.apply(fleet, "hang=80%,error=30%", 42));
        assertThrows(IllegalArgumentException.class, () -> FaultMix.apply(fleet, "hang", 42));
    }

    private PickList pickList(String id, String... orders) {
        List<OrderSplit> splits = java.util.Arrays.stream(orders).map(o -> new OrderSplit(o, 1)).toList();
        return new PickList(id, store.id(), "w-" + id, null, List.of(new PickLine(item.gtin(), splits.size(), "z", "a", splits)));
    }
}
