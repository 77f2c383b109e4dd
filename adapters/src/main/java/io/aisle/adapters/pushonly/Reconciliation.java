package io.aisle.adapters.pushonly;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.util.List;

/**
 * What a SNAPSHOT did to a store's soft holds (see {@link SoftHolds}): the holds it settled because
 * the chain had pulled their orders' pick lists before the snapshot, and the lines of holds still
 * held that the new levels no longer cover. The gateway acts on {@code overcommitted} (re-source,
 * short-pick or refund); nothing else needs doing for {@code settled}.
 */
public record Reconciliation(String storeId, List<String> settled, List<Overcommitted> overcommitted) {

    public Reconciliation {
        Checks.requireText(storeId, "storeId");
        settled = Checks.copyOrEmpty(settled, "settled");
        overcommitted = Checks.copyOrEmpty(overcommitted, "overcommitted");
    }

    public static Reconciliation none(String storeId) {
        return new Reconciliation(storeId, List.of(), List.of());
    }

    /** True when every remaining hold still fits the snapshot. */
    public boolean allHoldsFit() {
        return overcommitted.isEmpty();
    }

    /** A line of a live hold that the snapshot no longer covers: {@code wanted} units held, {@code free} left for it. */
    public record Overcommitted(String holdId, String orderId, Gtin gtin, int wanted, int free) {

        public Overcommitted {
            Checks.requireText(holdId, "holdId");
            Checks.requireText(orderId, "orderId");
            Checks.requireNonNull(gtin, "gtin");
            Checks.requirePositive(wanted, "wanted");
            Checks.requireNonNegative(free, "free");
            if (free >= wanted) {
                throw new IllegalArgumentException("a line with " + free + " free for " + wanted + " wanted is not overcommitted");
            }
        }
    }
}
