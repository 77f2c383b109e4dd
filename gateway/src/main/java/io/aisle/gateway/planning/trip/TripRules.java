package io.aisle.gateway.planning.trip;

import io.aisle.contracts.value.Checks;
import java.time.Duration;

/**
 * How trips are formed. Orders of one wave share a trip when all their drop-offs lie within
 * {@code maxDropoffDistanceMetres} of each other, up to {@code maxOrdersPerTrip} orders and {@code maxWeightGrams}.
 * An order split over stores that all lie within {@code maxPickupDistanceMetres} of each other travels as one
 * multi-pickup trip. A rider is requested {@code riderApproach} before they should be at the first pickup;
 * {@code travel} estimates the ride between pickups.
 */
public record TripRules(
        double maxDropoffDistanceMetres,
        double maxPickupDistanceMetres,
        int maxOrdersPerTrip,
        int maxWeightGrams,
        Duration riderApproach,
        TravelTime travel) {

    /** Riders ride at 4 m/s (about 15 km/h) in town. */
    public static final double RIDER_SPEED_METRES_PER_SECOND = 4.0;

    /** 1.5 km between drop-offs, 2 km between pickups, 3 orders or 15 kg a trip, riders requested 8 minutes ahead. */
    public static final TripRules DEFAULTS = new TripRules(1_500, 2_000, 3, 15_000, Duration.ofMinutes(8),
            TravelTime.atSpeed(RIDER_SPEED_METRES_PER_SECOND));

    public TripRules {
        requireDistance(maxDropoffDistanceMetres, "maxDropoffDistanceMetres");
        requireDistance(maxPickupDistanceMetres, "maxPickupDistanceMetres");
        Checks.requirePositive(maxOrdersPerTrip, "maxOrdersPerTrip");
        Checks.requirePositive(maxWeightGrams, "maxWeightGrams");
        Checks.requireNonNull(riderApproach, "riderApproach");
        if (riderApproach.isNegative()) {
            throw new IllegalArgumentException("riderApproach must not be negative, got " + riderApproach);
        }
        Checks.requireNonNull(travel, "travel");
    }

    /** These rules with riders requested {@code approach} before they should be at the first pickup. */
    public TripRules withRiderApproach(Duration approach) {
        return new TripRules(maxDropoffDistanceMetres, maxPickupDistanceMetres, maxOrdersPerTrip, maxWeightGrams, approach, travel);
    }

    private static void requireDistance(double metres, String field) {
        if (!(metres >= 0) || Double.isInfinite(metres)) {
            throw new IllegalArgumentException(field + " must be a non-negative number of metres, got " + metres);
        }
    }
}
