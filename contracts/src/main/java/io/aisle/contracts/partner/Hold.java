package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/** A hold as the store keeps it. */
public record Hold(String holdId, String storeId, String orderId, HoldStatus status, List<HoldLine> lines, Instant expiresAt) {

    public Hold {
        Checks.requireId(holdId, "holdId");
        Checks.requireText(storeId, "storeId");
        Checks.requireId(orderId, "orderId");
        Checks.requireNonNull(status, "status");
        lines = Checks.copyOrEmpty(lines, "lines");
        Checks.requireNonNull(expiresAt, "expiresAt");
    }
}
