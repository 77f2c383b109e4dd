package io.aisle.gateway.planning.wave;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A closed pick wave of one store: its legs in the order they were taken (highest claim first), why and when it
 * closed. The id depends only on the store and the orders, so a replayed decision names the wave the same way.
 */
public record Wave(String waveId, String storeId, WaveCloseReason reason, Instant closedAt, List<OpenLeg> legs) {

    public Wave {
        Checks.requireId(waveId, "waveId");
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(reason, "reason");
        Checks.requireNonNull(closedAt, "closedAt");
        legs = Checks.requireNonEmpty(legs, "legs");
        Set<String> orders = new HashSet<>();
        for (OpenLeg leg : legs) {
            if (!leg.storeId().equals(storeId)) {
                throw new IllegalArgumentException("leg of order " + leg.orderId() + " is for store " + leg.storeId() + ", not " + storeId);
            }
            if (!orders.add(leg.orderId())) {
                throw new IllegalArgumentException("order " + leg.orderId() + " appears twice in wave " + waveId);
            }
        }
    }

    public List<String> orderIds() {
        return legs.stream().map(OpenLeg::orderId).toList();
    }

    /** Units to pick over all legs. */
    public int items() {
        return legs.stream().mapToInt(OpenLeg::items).sum();
    }

    /** The distinct products of the wave: the lines of its pick list. */
    public List<Gtin> products() {
        return legs.stream().flatMap(leg -> leg.lines().stream()).map(line -> line.gtin()).distinct().sorted().toList();
    }

    /** When the bags are expected to be ready: closing time plus the pick time of the wave's products. */
    public Instant expectedReadyAt(WaveRules rules) {
        return closedAt.plus(rules.pickTime(products().size()));
    }
}
