package io.aisle.gateway.planning.trip;

import io.aisle.contracts.value.GeoPoint;
import java.time.Duration;

/** How long a rider takes from one point to another. */
@FunctionalInterface
public interface TravelTime {

    Duration between(GeoPoint from, GeoPoint to);

    /** Great-circle distance at a constant speed, rounded up to whole seconds. */
    static TravelTime atSpeed(double metresPerSecond) {
        if (!(metresPerSecond > 0) || Double.isInfinite(metresPerSecond)) {
            throw new IllegalArgumentException("speed must be a positive number of metres per second, got " + metresPerSecond);
        }
        return (from, to) -> Duration.ofSeconds((long) Math.ceil(from.distanceMetres(to) / metresPerSecond));
    }
}
