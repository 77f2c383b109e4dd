package io.aisle.contracts.api;

/** How the household asks the rider to hand the bags over. */
public enum DropoffMode {
    /** Leave the bags at the door, ring, step back: no contact. */
    LEAVE_AT_DOOR,
    /** Call the household on arrival and hand the bags over when they come down (the household tells the handoff code). */
    CALL_ON_ARRIVAL,
    /** Hand the bags to staff (a ward's reception, a dormitory's guard booth), who tell the handoff code. */
    HAND_TO_STAFF
}
