package io.aisle.gateway.order.model;

import io.aisle.contracts.partner.HoldLine;
import java.time.Instant;
import java.util.List;

/** Stock a store sets aside for one order leg, as the gateway records it: taken, held, failed or released. */
public record Hold(String holdId, String orderId, String storeId, String status, List<HoldLine> lines, Instant expiresAt) {

    public Hold {
        lines = List.copyOf(lines);
    }

    public boolean live() {
        return "TAKING".equals(status) || "HELD".equals(status);
    }
}
