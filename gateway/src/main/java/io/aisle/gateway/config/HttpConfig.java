package io.aisle.gateway.config;

import java.time.Duration;

/**
 * The northbound HTTP server: where it listens, its body limit and event loops; how long it may
 * warm up before readiness says yes ({@code warmUpMs}, 0: no warm-up) and how many baskets it quotes
 * meanwhile ({@code warmUpQuotes}); and how many orders and
 * quotes one instance works on at once before it sheds more with 429 ({@code maxOrdersInFlight},
 * {@code maxQuotesInFlight}).
 */
public record HttpConfig(String host, int port, int bodyLimitBytes, int instances, Duration warmUp, int warmUpQuotes,
                         int maxOrdersInFlight, int maxQuotesInFlight) {

    public HttpConfig {
        Settings.require(host != null && !host.isBlank(), "http.host is required");
        Settings.require(port >= 0 && port <= 65535, "http.port must be within [0, 65535], got " + port);
        Settings.require(bodyLimitBytes >= 1024, "http.bodyLimitBytes must be at least 1024, got " + bodyLimitBytes);
        Settings.require(instances >= 1 && instances <= 64, "http.instances must be within [1, 64], got " + instances);
        Settings.require(warmUp != null && !warmUp.isNegative(), "http.warmUpMs must be 0 or more");
        Settings.require(warmUpQuotes >= 0, "http.warmUpQuotes must be 0 or more, got " + warmUpQuotes);
        Settings.require(maxOrdersInFlight >= 1, "http.maxOrdersInFlight must be at least 1, got " + maxOrdersInFlight);
        Settings.require(maxQuotesInFlight >= 1, "http.maxQuotesInFlight must be at least 1, got " + maxQuotesInFlight);
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, bodyLimitBytes, instances, warmUp, warmUpQuotes, maxOrdersInFlight, maxQuotesInFlight);
    }
}
