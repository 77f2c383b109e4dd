package io.aisle.gateway.planning.wave;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import java.time.Instant;
import java.util.List;

/**
 * A confirmed order leg waiting at its store for a pick wave: what to pick, how heavy it is, who it is for, since when
 * it waits, where it goes, and when its rider is expected at the store ({@code riderExpectedAt}, null while unknown).
 * An order leg is named by its order and store: one order has at most one leg per store.
 */
public record OpenLeg(
        String orderId,
        String storeId,
        List<LegLine> lines,
        int weightGrams,
        PriorityClass priority,
        Instant confirmedAt,
        GeoPoint deliveryPoint,
        Instant riderExpectedAt) {

    public OpenLeg {
        Checks.requireId(orderId, "orderId");
        Checks.requireText(storeId, "storeId");
        lines = Checks.requireNonEmpty(lines, "lines");
        Checks.requireNonNegative(weightGrams, "weightGrams");
        if (priority == null) {
            priority = PriorityClass.STANDARD;
        }
        Checks.requireNonNull(confirmedAt, "confirmedAt");
        Checks.requireNonNull(deliveryPoint, "deliveryPoint");
    }

    /** Units to pick, over all lines. */
    public int items() {
        return lines.stream().mapToInt(LegLine::quantity).sum();
    }

    /** The distinct products of this leg. */
    public List<Gtin> products() {
        return lines.stream().map(LegLine::gtin).distinct().sorted().toList();
    }

    public OpenLeg withRiderExpectedAt(Instant expectedAt) {
        return new OpenLeg(orderId, storeId, lines, weightGrams, priority, confirmedAt, deliveryPoint, expectedAt);
    }
}
