package io.aisle.contracts.value;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoPointTest {

    private static final GeoPoint WUHAN = new GeoPoint(30.5928, 114.3055);

    @ParameterizedTest
    @CsvSource({"-90, -180", "90, 180", "0, 0", "30.5928, 114.3055"})
    void acceptsCoordinatesWithinRange(double lat, double lon) {
        assertDoesNotThrow(() -> new GeoPoint(lat, lon));
    }

    @ParameterizedTest
    @CsvSource({"90.0001, 114.3", "-90.5, 114.3", "NaN, 114.3"})
    void refusesALatitudeOutOfRange(double lat, double lon) {
        var e = assertThrows(IllegalArgumentException.class, () -> new GeoPoint(lat, lon));
        assertTrue(e.getMessage().startsWith("lat "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"30.59, 180.01", "30.59, -181", "30.59, NaN"})
    void refusesALongitudeOutOfRange(double lat, double lon) {
        var e = assertThrows(IllegalArgumentException.class, () -> new GeoPoint(lat, lon));
        assertTrue(e.getMessage().startsWith("lon "), e.getMessage());
    }

    @Test
    void measuresNoDistanceToItself() {
        assertEquals(0.0, WUHAN.distanceMetres(WUHAN), 1e-6);
    }

    @Test
    void measuresOneDegreeOfLatitudeAsAbout111Kilometres() {
        double metres = new GeoPoint(30, 114).distanceMetres(new GeoPoint(31, 114));
        assertEquals(111_195, metres, 5);
    }

    @Test
    void measuresShortCityDistancesSymmetrically() {
        GeoPoint jianghanRoad = new GeoPoint(30.5838, 114.2790);
        double there = WUHAN.distanceMetres(jianghanRoad);
        assertEquals(there, jianghanRoad.distanceMetres(WUHAN), 1e-6);
        // 0.009 degrees of latitude and 0.0265 degrees of longitude at 30.6 N
        assertEquals(2_700, there, 100);
    }

    @Test
    void measuresAcrossTheAntimeridian() {
        double metres = new GeoPoint(0, 179.5).distanceMetres(new GeoPoint(0, -179.5));
        assertEquals(111_195, metres, 5);
    }
}
