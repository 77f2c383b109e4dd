package io.aisle.gateway.planning.trip;

import io.aisle.contracts.api.DropoffMode;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An order whose bags are ready (or soon ready) at one or more stores, with where and how it is handed
 * over: the household's drop-off mode (null: in person) and note, and the handoff code it tells the rider.
 */
public record ReadyOrder(
        String orderId,
        PriorityClass priority,
        List<ReadyPickup> pickups,
        GeoPoint dropoff,
        boolean contactless,
        String instructions,
        DropoffMode mode,
        String handoffCode) {

    /** An order without a drop-off mode or handoff code. */
    public ReadyOrder(String orderId, PriorityClass priority, List<ReadyPickup> pickups, GeoPoint dropoff, boolean contactless,
                      String instructions) {
        this(orderId, priority, pickups, dropoff, contactless, instructions, null, null);
    }

    public ReadyOrder {
        Checks.requireId(orderId, "orderId");
        if (priority == null) {
            priority = PriorityClass.STANDARD;
        }
        pickups = Checks.requireNonEmpty(pickups, "pickups");
        Set<String> stores = new HashSet<>();
        for (ReadyPickup pickup : pickups) {
            if (!stores.add(pickup.storeId())) {
                throw new IllegalArgumentException("order " + orderId + " has more than one pickup at store " + pickup.storeId());
            }
        }
        Checks.requireNonNull(dropoff, "dropoff");
        if (instructions != null && instructions.length() > 500) {
            throw new IllegalArgumentException("instructions allows at most 500 characters");
        }
    }

    public int weightGrams() {
        return pickups.stream().mapToInt(ReadyPickup::weightGrams).sum();
    }
}
