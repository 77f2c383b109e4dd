package io.aisle.gateway.config;

import java.net.URI;
import java.time.Duration;

/**
 * The super-app's rider dispatch: where to send trips, the secret its events are signed with, and how
 * long a live trip may go without news before rider dispatch is asked about it ({@code reaskAfter}).
 */
public record RiderDispatchConfig(String baseUrl, String apiKey, String signingSecret, Duration callTimeout, Duration reaskAfter) {

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
    }

    @Override
    public String toString() {
        return "RiderDispatchConfig[" + baseUrl + "]";
    }
}
