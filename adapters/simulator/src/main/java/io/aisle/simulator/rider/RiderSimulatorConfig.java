package io.aisle.simulator.rider;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How the simulated rider dispatch behaves: the API key it expects as a bearer token, where it sends
 * its signed events and with which secret, how fast riders move, how hard it tries to deliver an
 * event, and how long it remembers finished trips (for idempotent replays).
 */
public record RiderSimulatorConfig(String apiKey, String callbackUrl, String signingSecret, Timings timings,
                                   EventDelivery delivery, Duration retainFinishedTrips) {

    public RiderSimulatorConfig {
        Checks.requireText(apiKey, "apiKey");
        requireHttpUrl(callbackUrl, "callbackUrl");
        Checks.requireText(signingSecret, "signingSecret");
        if (signingSecret.length() < 16) {
            throw new IllegalArgumentException("signingSecret must have at least 16 characters");
        }
        Checks.requireNonNull(timings, "timings");
        Checks.requireNonNull(delivery, "delivery");
        requirePositive(retainFinishedTrips, "retainFinishedTrips");
    }

    /** Fast riders (a few hundred milliseconds per step) for dev mode and tests. */
    public static RiderSimulatorConfig dev(String apiKey, String callbackUrl, String signingSecret) {
        return new RiderSimulatorConfig(apiKey, callbackUrl, signingSecret, Timings.dev(), EventDelivery.defaults(),
                Duration.ofMinutes(30));
    }

    public RiderSimulatorConfig withTimings(Timings newTimings) {
        return new RiderSimulatorConfig(apiKey, callbackUrl, signingSecret, newTimings, delivery, retainFinishedTrips);
    }

    public RiderSimulatorConfig withDelivery(EventDelivery newDelivery) {
        return new RiderSimulatorConfig(apiKey, callbackUrl, signingSecret, timings, newDelivery, retainFinishedTrips);
    }

    @Override
    public String toString() {
        return "RiderSimulatorConfig[apiKey=***, callbackUrl=" + callbackUrl + ", signingSecret=***, timings=" + timings
                + ", delivery=" + delivery + ", retainFinishedTrips=" + retainFinishedTrips + "]";
    }

    /**
     * How long each step of a trip takes. A rider is assigned {@code assignDelay} after the trip is
     * created and reaches the first pickup {@code travelToPickup} later, but never before its bags
     * are ready; every stop takes {@code dwell}. With {@code speedKmh} above zero, the legs between
     * two known places (pickup to pickup, to a drop-off, drop-off to drop-off) take their
     * great-circle distance at that speed; at zero they take {@code travelToPickup} and
     * {@code travelToDropoff}. Dev mode uses a simulated speed far above a real bike's.
     */
    public record Timings(Duration assignDelay, Duration travelToPickup, Duration dwell, Duration travelToDropoff,
                          double speedKmh) {

        public Timings {
            requireNotNegative(assignDelay, "assignDelay");
            requireNotNegative(travelToPickup, "travelToPickup");
            requireNotNegative(dwell, "dwell");
            requireNotNegative(travelToDropoff, "travelToDropoff");
            if (Double.isNaN(speedKmh) || speedKmh < 0 || Double.isInfinite(speedKmh)) {
                throw new IllegalArgumentException("speedKmh must be zero (fixed legs) or positive, got " + speedKmh);
            }
        }

        /** A few hundred milliseconds per step, fixed legs. */
        public static Timings dev() {
            return new Timings(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(300), 0);
        }

        /** Roughly a city's pace: a bike at 18 km/h. */
        public static Timings realistic() {
            return new Timings(Duration.ofSeconds(45), Duration.ofMinutes(8), Duration.ofMinutes(2), Duration.ofMinutes(12), 18);
        }

        /** The time to ride from {@code from} to {@code to}; {@code fixed} when there is no speed or no origin. */
        Duration leg(GeoPoint from, GeoPoint to, Duration fixed) {
            if (speedKmh == 0 || from == null) {
                return fixed;
            }
            double metresPerSecond = speedKmh / 3.6;
            return Duration.ofMillis(Math.round(from.distanceMetres(to) / metresPerSecond * 1000));
        }
    }

    /**
     * How events are delivered: each event is POSTed until it gets a 2xx, at most
     * {@code maxAttempts} times, waiting {@code firstBackoff} doubled at each attempt up to
     * {@code maxBackoff}; each attempt is bounded by {@code callTimeout}. Events of one trip are
     * delivered one after the other, in order. {@code maxConnections} bounds the sender's pool.
     */
    public record EventDelivery(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration callTimeout,
                                int maxConnections) {

        public EventDelivery {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            requirePositive(firstBackoff, "firstBackoff");
            requirePositive(maxBackoff, "maxBackoff");
            if (maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be below firstBackoff");
            }
            requirePositive(callTimeout, "callTimeout");
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
        }

        public static EventDelivery defaults() {
            return new EventDelivery(8, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(2), 16);
        }
    }

    private static void requireHttpUrl(String url, String field) {
        Checks.requireText(url, field);
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException(field + " must be an http(s) URL, got " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a URL: " + url, e);
        }
    }

    private static void requireNotNegative(Duration value, String field) {
        Checks.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }

    private static void requirePositive(Duration value, String field) {
        Checks.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
