package io.aisle.gateway.order;

import io.aisle.contracts.partner.HoldLine;
import java.time.Instant;
import java.util.List;

/** A hold as the order store records it. */
public record HoldRow(String holdId, String orderId, String storeId, String status, List<HoldLine> lines, Instant expiresAt) {

    public HoldRow {
        lines = List.copyOf(lines);
    }

    public boolean live() {
        return "TAKING".equals(status) || "HELD".equals(status);
    }
}
