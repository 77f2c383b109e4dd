package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/**
 * Asks a store to set stock aside for an order until {@code expiresAt}.
 * The hold id is ours and makes the request idempotent: the same id twice is one hold.
 */
public record HoldRequest(String holdId, String orderId, List<HoldLine> lines, Instant expiresAt) {

    public HoldRequest {
        Checks.requireId(holdId, "holdId");
        Checks.requireId(orderId, "orderId");
        lines = Checks.requireNonEmpty(lines, "lines");
        Checks.requireNonNull(expiresAt, "expiresAt");
    }
}
