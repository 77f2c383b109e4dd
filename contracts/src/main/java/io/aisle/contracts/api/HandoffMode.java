package io.aisle.contracts.api;

/**
 * How the rider did hand the bags over: as asked ({@link DropoffMode}), or in person to the household
 * when the order asked for no drop-off mode.
 */
public enum HandoffMode {
    LEAVE_AT_DOOR,
    CALL_ON_ARRIVAL,
    HAND_TO_STAFF,
    IN_PERSON;

    /** The handoff a drop-off mode asks for; in person when the order asked for none. */
    public static HandoffMode asked(DropoffMode mode) {
        return mode == null ? IN_PERSON : valueOf(mode.name());
    }
}
