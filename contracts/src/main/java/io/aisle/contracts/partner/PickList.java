package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/** A wave's pick list for one store, sorted by zone and aisle. The id is ours and makes submission idempotent. */
public record PickList(String pickListId, String storeId, String waveId, Instant readyBy, List<PickLine> lines) {

    public PickList {
        Checks.requireId(pickListId, "pickListId");
        Checks.requireText(storeId, "storeId");
        Checks.requireId(waveId, "waveId");
        lines = Checks.requireNonEmpty(lines, "lines");
    }
}
