package io.aisle.contracts.dispatch;

import io.aisle.contracts.api.DropoffMode;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;

/**
 * Where one order is delivered, and how: the household's drop-off {@code mode} (null: in person) and
 * {@code instructions} (its note), and the order's {@code handoffCode}, which the household or staff
 * tells the rider at the door. {@code contactless} is true for LEAVE_AT_DOOR (kept for dispatchers that
 * read only it).
 */
public record DropoffStop(String orderId, GeoPoint location, boolean contactless, String instructions, DropoffMode mode,
                          String handoffCode) {

    public DropoffStop {
        Checks.requireId(orderId, "orderId");
        Checks.requireNonNull(location, "location");
        if (instructions != null && instructions.length() > 500) {
            throw new IllegalArgumentException("instructions allows at most 500 characters");
        }
        if (handoffCode != null && !handoffCode.matches("[0-9]{4,8}")) {
            throw new IllegalArgumentException("handoffCode must be 4 to 8 digits");
        }
        if (mode != null) {
            contactless = mode == DropoffMode.LEAVE_AT_DOOR;
        }
    }

    /** A drop-off without a mode or a handoff code. */
    public DropoffStop(String orderId, GeoPoint location, boolean contactless, String instructions) {
        this(orderId, location, contactless, instructions, null, null);
    }
}
