package io.aisle.gateway.config;

import java.net.URI;
import java.time.Duration;

/**
 * The super-app's rider dispatch: where to send trips, the secret its events are signed with, how
 * long a live trip may go without news before rider dispatch is asked about it ({@code reaskAfter}), and how long a
 * rider takes to reach a store once requested ({@code approach}): a trip is requested that long before its bags are
 * expected ready, so that the rider arrives as they are.
 */
public record RiderDispatchConfig(String baseUrl, String apiKey, String signingSecret, Duration callTimeout, Duration reaskAfter,
                                  Duration approach) {

    public RiderDispatchConfig {
        Settings.require(baseUrl != null && !baseUrl.isBlank(), "riderDispatch.baseUrl is required");
        if (baseUrl != null && !baseUrl.isBlank()) {
            URI uri = URI.create(baseUrl);
            Settings.require(uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
                    "riderDispatch.baseUrl must be an http(s) URL, got " + baseUrl);
        }
        Settings.require(apiKey != null && !apiKey.isBlank(), "riderDispatch.apiKey is required");
        Settings.require(signingSecret != null && signingSecret.length() >= 16,
                "riderDispatch.signingSecret is required (at least 16 characters)");
        Settings.require(callTimeout != null && callTimeout.toMillis() > 0, "riderDispatch.callTimeoutMs must be positive");
        Settings.require(reaskAfter != null && reaskAfter.toMillis() >= 1000, "riderDispatch.reaskAfterMs must be at least 1000");
        Settings.require(approach != null && !approach.isNegative(), "riderDispatch.approachMs must not be negative");
    }

    @Override
    public String toString() {
        return "RiderDispatchConfig[" + baseUrl + "]";
    }
}
