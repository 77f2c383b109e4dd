package io.aisle.simulator.pickers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.HoldResult;
import io.aisle.simulator.fleet.Store;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Picking a list off a store's books, without HTTP. */
class PickerTest {

    private static final FleetSpec SPEC = FleetSpec.withStoresPerChain(2);

    @Test
    void drawsTheSameShortLinesEveryRunAndRoughlyTheAskedShare() {
        List<PickResultLine> first = pickEverything(Fleet.build(SPEC), new PickingPolicy(0.5, false));
        List<PickResultLine> again = pickEverything(Fleet.build(SPEC), new PickingPolicy(0.5, false));

        assertEquals(first, again);
        long shortLines = first.stream().filter(line -> line.status() == PickStatus.SHORT).count();
        assertTrue(shortLines > first.size() / 5 && shortLines < first.size() * 4 / 5,
                shortLines + " of " + first.size() + " lines short at a share of 0.5");
        assertTrue(first.stream().allMatch(line -> line.status() != PickStatus.SHORT || line.picked() < line.requested()));
    }

    @Test
    void picksFromFreeStockWhatNoHoldCoversAndReportsShortWhatTheStoreLacks() {
        Fleet fleet = Fleet.build(SPEC);
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        Gtin gtin = packaged(store).get(0).gtin();
        store.setAvailable(gtin, 1);

        PickResultLine line = picker(fleet).pick(store, list(store, "pick-s", line(gtin, "order-s", 3)), PickingPolicy.FAULT_FREE).lines().get(0);

        assertEquals(new PickResultLine("order-s", gtin, PickStatus.SHORT, 3, 1, null, 0, null), line);
        assertEquals(0, store.available(gtin).orElseThrow());
    }

    @Test
    void leavesOutTheLinesOfAnOrderCancelledAtTheStore() {
        Fleet fleet = Fleet.build(SPEC);
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        Gtin gtin = packaged(store).get(0).gtin();
        hold(store, "hold-c", "order-c", gtin, 2);
        int afterHold = store.available(gtin).orElseThrow();
        store.cancelOrder("order-c");

        Picker.Picked picked = picker(fleet).pick(store, list(store, "pick-c",
                new PickLine(gtin, 3, "z", "a", List.of(new OrderSplit("order-c", 2), new OrderSplit("order-k", 1)))), PickingPolicy.FAULT_FREE);

        assertEquals(List.of(new PickResultLine("order-k", gtin, PickStatus.PICKED, 1, 1, null, 0, null)), picked.lines());
        assertEquals(afterHold + 2 - 1, store.available(gtin).orElseThrow(), "the cancelled hold came back, one unit went to order-k");
    }

    @Test
    void picksAnOrderCancelledAtTheStoreAgainOnceItTakesANewHoldThere() {
        Fleet fleet = Fleet.build(SPEC);
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        Gtin gtin = packaged(store).get(0).gtin();
        store.cancelOrder("order-n");
        hold(store, "hold-n", "order-n", gtin, 1);

        Picker.Picked picked = picker(fleet).pick(store, list(store, "pick-n", line(gtin, "order-n", 1)), PickingPolicy.FAULT_FREE);

        assertEquals(List.of(new PickResultLine("order-n", gtin, PickStatus.PICKED, 1, 1, null, 0, null)), picked.lines());
    }

    @Test
    void putsThePickedUnitsBackOnTheShelfWhenTheOrderIsCancelledAfterPicking() {
        Fleet fleet = Fleet.build(SPEC);
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        Gtin gtin = packaged(store).get(0).gtin();
        int before = store.available(gtin).orElseThrow();
        hold(store, "hold-p", "order-p", gtin, 2);
        picker(fleet).pick(store, list(store, "pick-p", line(gtin, "order-p", 2)), PickingPolicy.FAULT_FREE);
        assertEquals(before - 2, store.available(gtin).orElseThrow());

        store.cancelOrder("order-p");

        assertEquals(before, store.available(gtin).orElseThrow());
    }

    private static List<PickResultLine> pickEverything(Fleet fleet, PickingPolicy policy) {
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        List<PickLine> lines = packaged(store).stream().limit(40).map(item -> line(item.gtin(), "order-1", 2)).toList();
        return picker(fleet).pick(store, new PickList("pick-1", store.id(), "wave-1", null, lines), policy).lines();
    }

    private static List<CatalogueItem> packaged(Store store) {
        return store.assortment().stream().filter(item -> !item.loose() && store.available(item.gtin()).orElse(0) >= 5).toList();
    }

    private static Picker picker(Fleet fleet) {
        return new Picker(fleet.catalogue(), fleet.spec().seed());
    }

    private static void hold(Store store, String holdId, String orderId, Gtin gtin, int units) {
        HoldResult result = store.hold(new HoldRequest(holdId, orderId, List.of(new HoldLine(gtin, units)), Instant.now().plusSeconds(600)), false);
        assertEquals(HoldResult.Outcome.CREATED, result.outcome());
    }

    private static PickList list(Store store, String id, PickLine... lines) {
        return new PickList(id, store.id(), "wave-" + id, null, List.of(lines));
    }

    private static PickLine line(Gtin gtin, String orderId, int quantity) {
        return new PickLine(gtin, quantity, "z", "a", List.of(new OrderSplit(orderId, quantity)));
    }
}
