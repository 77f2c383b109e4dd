package io.aisle.contracts.value;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A WGS84 position in decimal degrees. */
public record GeoPoint(@JsonProperty(required = true) double lat, @JsonProperty(required = true) double lon) {

    private static final double EARTH_RADIUS_METRES = 6_371_008.8;

    public GeoPoint {
        if (Double.isNaN(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("lat must be within [-90, 90], got " + lat);
        }
        if (Double.isNaN(lon) || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("lon must be within [-180, 180], got " + lon);
        }
    }

    /** Great-circle distance in metres (haversine). */
    public double distanceMetres(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
