package io.aisle.gateway.planning;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.WaveRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Products, places, times and order legs shared by the planning tests. */
public final class PlanningFixtures {

    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    public static final Gtin RICE_5KG = gtin(1);
    public static final Gtin RICE_5KG_OTHER_BRAND = gtin(2);
    public static final Gtin RICE_1KG = gtin(3);
    public static final Gtin FLOUR_5KG = gtin(4);
    public static final Gtin EGGS_30 = gtin(5);
    public static final Gtin MASKS_50 = gtin(6);

    public static final List<Product> CATALOGUE = List.of(
            product(RICE_5KG, "rice", "5kg"),
            product(RICE_5KG_OTHER_BRAND, "rice", "5kg"),
            product(RICE_1KG, "rice", "1kg"),
            product(FLOUR_5KG, "flour", "5kg"),
            product(EGGS_30, "eggs", "30"),
            product(MASKS_50, "masks", "50"));

    public static final String STORE_A = "store-a";
    public static final String STORE_B = "store-b";

    /** A square in the middle of town; the other points are measured from it. */
    public static final GeoPoint TOWN_SQUARE = new GeoPoint(31.2304, 121.4737);

    /** Five minutes, four orders, 40 units; two minutes to start and 30 seconds a product. */
    public static final WaveRules FIVE_MINUTE_WAVES =
            new WaveRules(Duration.ofMinutes(5), 4, 40, Duration.ofSeconds(30), Duration.ofMinutes(2));

    private PlanningFixtures() {
    }

    public static Gtin gtin(int n) {
        return Gtin.fromPrefix(String.format("692%09d", n));
    }

    public static Product product(Gtin gtin, String category, String sizeClass) {
        return new Product(gtin, category + " " + sizeClass, "Brand " + gtin.value().substring(9), category, sizeClass, sizeClass);
    }

    public static Instant minutes(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    /** A point {@code northMetres} north and {@code eastMetres} east of the town square (close enough on a city scale). */
    public static GeoPoint metresFromSquare(double northMetres, double eastMetres) {
        double lat = TOWN_SQUARE.lat() + northMetres / 111_195.08;
        double lon = TOWN_SQUARE.lon() + eastMetres / (111_195.08 * Math.cos(Math.toRadians(TOWN_SQUARE.lat())));
        return new GeoPoint(lat, lon);
    }

    public static LegLine line(Gtin gtin, int quantity) {
        return LegLine.of(gtin, quantity, Money.fen(1_000));
    }

    public static LegLine line(Gtin gtin, int quantity, long fen) {
        return LegLine.of(gtin, quantity, Money.fen(fen));
    }

    public static OpenLeg leg(String orderId, Instant confirmedAt, LegLine... lines) {
        return leg(orderId, STORE_A, PriorityClass.STANDARD, confirmedAt, lines);
    }

    public static OpenLeg leg(String orderId, PriorityClass priority, Instant confirmedAt, LegLine... lines) {
        return leg(orderId, STORE_A, priority, confirmedAt, lines);
    }

    public static OpenLeg leg(String orderId, String storeId, PriorityClass priority, Instant confirmedAt, LegLine... lines) {
        int weight = List.of(lines).stream().mapToInt(l -> l.quantity() * 500).sum();
        return new OpenLeg(orderId, storeId, List.of(lines), weight, priority, confirmedAt, TOWN_SQUARE, null);
    }
}
