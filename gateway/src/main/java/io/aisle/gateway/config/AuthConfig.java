package io.aisle.gateway.config;

import io.aisle.gateway.isolation.ClientLimit;
import java.time.Duration;
import java.util.List;

/**
 * Who may call: the operator key of the admin API (empty: the admin API refuses everyone) and the
 * clients (super-app backends) known at start-up, with their API keys, webhook settings and request
 * limits; the limit of a client that sets none ({@code clientLimits}), and how long counting a request
 * in Redis may take before an instance counts alone ({@code clientLimits.redisTimeoutMs}).
 */
public record AuthConfig(String operatorKey, List<ClientConfig> clients, ClientLimit defaultLimit, Duration limitRedisTimeout) {

    public AuthConfig {
        Settings.require(operatorKey == null || operatorKey.isEmpty() || operatorKey.length() >= 16,
                "auth.operatorKey must have at least 16 characters");
        clients = List.copyOf(clients);
        Settings.require(defaultLimit != null, "clientLimits.requestsPerWindow and clientLimits.windowMs are required");
        Settings.require(limitRedisTimeout != null && limitRedisTimeout.toMillis() >= 1,
                "clientLimits.redisTimeoutMs must be at least 1");
    }

    /** One client as configured; {@code limit} is its requests per window over every instance. */
    public record ClientConfig(String clientId, String name, String apiKey, String webhookUrl, String webhookSecret,
                               ClientLimit limit) {

        public ClientConfig {
            Settings.require(clientId != null && clientId.matches("[a-z0-9][a-z0-9-]{1,62}"),
                    "clients[].clientId must be lower-case letters, digits and '-', got " + clientId);
            Settings.require(apiKey != null && apiKey.length() >= 16, "clients[" + clientId + "].apiKey needs at least 16 characters");
            Settings.require(webhookUrl == null || webhookUrl.isBlank() || webhookSecret != null && webhookSecret.length() >= 16,
                    "clients[" + clientId + "].webhookSecret needs at least 16 characters when a webhookUrl is set");
        }

        @Override
        public String toString() {
            return "ClientConfig[" + clientId + "]";
        }
    }

    @Override
    public String toString() {
        return "AuthConfig[" + clients.size() + " client(s), operator key " + (operatorKey == null || operatorKey.isEmpty() ? "unset" : "set") + "]";
    }
}
