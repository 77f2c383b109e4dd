package io.aisle.contracts.api;

/**
 * At most {@code units} of a product per household (a client's {@code customerRef}) within any {@code windowHours}
 * hours, counted over every order of the household that was not rejected, cancelled or failed.
 */
public record HouseholdCap(int units, int windowHours) {

    public static final int MAX_UNITS = 999;
    public static final int MAX_WINDOW_HOURS = 720;

    public HouseholdCap {
        if (units < 1 || units > MAX_UNITS) {
            throw new IllegalArgumentException("units must be within [1, " + MAX_UNITS + "], got " + units);
        }
        if (windowHours < 1 || windowHours > MAX_WINDOW_HOURS) {
            throw new IllegalArgumentException("windowHours must be within [1, " + MAX_WINDOW_HOURS + "], got " + windowHours);
        }
    }
}
