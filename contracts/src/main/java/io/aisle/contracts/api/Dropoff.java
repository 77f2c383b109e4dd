package io.aisle.contracts.api;

/** How the rider hands the bags over. */
public record Dropoff(boolean contactless, String instructions) {

    public Dropoff {
        if (instructions != null && instructions.length() > 500) {
            throw new IllegalArgumentException("dropoff.instructions allows at most 500 characters");
        }
    }
}
