package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.Wave;
import io.aisle.gateway.planning.wave.WaveRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a closed wave into the store's pick list: one line per product with the total over the wave's orders and the
 * per-order split for bagging (orders by id), walked by the store's zones and aisles; products without a known place
 * come last, and ties go by GTIN. The pick list id is derived from the wave id; {@code readyBy} is the wave's closing
 * time plus its pick time (base plus one step per line).
 */
public final class PickListBuilder {

    private static final String ID_PREFIX = "pick-";

    private PickListBuilder() {
    }

    public static PickList build(Wave wave, StoreLayout layout, WaveRules rules) {
        Checks.requireNonNull(wave, "wave");
        Checks.requireNonNull(layout, "layout");
        Checks.requireNonNull(rules, "rules");
        Map<Gtin, Map<String, Integer>> units = new TreeMap<>();
        for (OpenLeg leg : wave.legs()) {
            for (LegLine line : leg.lines()) {
                units.computeIfAbsent(line.gtin(), gtin -> new TreeMap<>()).merge(leg.orderId(), line.quantity(), Integer::sum);
            }
        }
        List<Located> located = new ArrayList<>();
        units.forEach((gtin, byOrder) -> {
            List<OrderSplit> splits = byOrder.entrySet().stream().map(e -> new OrderSplit(e.getKey(), e.getValue())).toList();
            int total = splits.stream().mapToInt(OrderSplit::quantity).sum();
            Optional<ShelfLocation> place = layout.locate(gtin);
            located.add(new Located(place.orElse(null), new PickLine(gtin, total,
                    place.map(ShelfLocation::zone).orElse(null), place.map(ShelfLocation::aisle).orElse(null), splits)));
        });
        located.sort(Comparator.comparing(Located::place, Comparator.nullsLast(Comparator.<ShelfLocation>naturalOrder()))
                .thenComparing(l -> l.line().gtin()));
        return new PickList(pickListId(wave.waveId()), wave.storeId(), wave.waveId(), wave.expectedReadyAt(rules),
                located.stream().map(Located::line).toList());
    }

    /** The pick list id of a wave: stable, so a resubmitted pick list is the same pick list. */
    public static String pickListId(String waveId) {
        return ID_PREFIX + Checks.requireId(waveId, "waveId");
    }

    private record Located(ShelfLocation place, PickLine line) {
    }
}
