package io.aisle.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aisle.contracts.value.Checks;

/**
 * How the household asks the rider to hand the bags over: a {@code mode} (none: in person, as any
 * order without drop-off instructions) and a {@code note} for the rider (at most 500 characters, no
 * control characters). Read from JSON, the fields of the first version are still understood:
 * {@code "contactless": true} is {@link DropoffMode#LEAVE_AT_DOOR} when no mode is given, and
 * {@code instructions} is the note when no note is given.
 */
public record Dropoff(DropoffMode mode, String note) {

    public static final int MAX_NOTE_LENGTH = 500;

    public Dropoff {
        Checks.requireAtMost(note, "dropoff.note", MAX_NOTE_LENGTH);
        Checks.requireNoControlCharacters(note, "dropoff.note");
    }

    /** The drop-off as the super-app sends it, the deprecated {@code contactless} and {@code instructions} included. */
    @JsonCreator
    static Dropoff fromJson(@JsonProperty("mode") String modeName, @JsonProperty("note") String note,
                            @JsonProperty("contactless") Boolean contactless, @JsonProperty("instructions") String instructions) {
        DropoffMode mode = null;
        if (modeName != null) {
            try {
                mode = DropoffMode.valueOf(modeName);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("dropoff.mode must be one of " + java.util.Arrays.toString(DropoffMode.values())
                        + ", got '" + (modeName.length() > 40 ? modeName.substring(0, 40) + "…" : modeName) + "'");
            }
        }
        if (instructions != null) {
            Checks.requireAtMost(instructions, "dropoff.instructions", MAX_NOTE_LENGTH);
            Checks.requireNoControlCharacters(instructions, "dropoff.instructions");
        }
        return new Dropoff(mode != null ? mode : Boolean.TRUE.equals(contactless) ? DropoffMode.LEAVE_AT_DOOR : null,
                note != null ? note : instructions);
    }

    /** Whether the rider leaves the bags without meeting anyone. */
    public boolean contactless() {
        return mode == DropoffMode.LEAVE_AT_DOOR;
    }
}
