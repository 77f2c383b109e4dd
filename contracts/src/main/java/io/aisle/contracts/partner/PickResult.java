package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/** A store's report on a pick list: per-order lines and whether the bags are ready. */
public record PickResult(String pickListId, String storeId, boolean ready, Instant at, List<PickResultLine> lines) {

    public PickResult {
        Checks.requireId(pickListId, "pickListId");
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(at, "at");
        lines = Checks.copyOrEmpty(lines, "lines");
    }
}
