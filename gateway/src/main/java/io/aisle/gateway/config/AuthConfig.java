package io.aisle.gateway.config;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.gateway.isolation.ClientLimit;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Who may call: the operator key of the admin API (empty: the admin API refuses everyone) and the
 * clients (super-app backends) known at start-up, with their API keys, webhook settings and request
 * limits; the limit of a client that sets none ({@code clientLimits}), and how long counting a request
 * in Redis may take before an instance counts alone ({@code clientLimits.redisTimeoutMs}), and the key
 * that seals the credentials of chains registered through the admin API ({@code auth.chainCredentialsKey},
 * 32 bytes in base64; empty: they are stored unsealed).
 */
public record AuthConfig(String operatorKey, List<ClientConfig> clients, ClientLimit defaultLimit, Duration limitRedisTimeout,
                         String chainCredentialsKey) {

    public AuthConfig {
        Settings.require(chainCredentialsKey == null || chainCredentialsKey.isEmpty() || isKey(chainCredentialsKey),
                "auth.chainCredentialsKey must be 32 bytes in base64 (e.g. openssl rand -base64 32)");
        Settings.require(operatorKey == null || operatorKey.isEmpty() || operatorKey.length() >= 16,
                "auth.operatorKey must have at least 16 characters");
        clients = List.copyOf(clients);
        Settings.require(defaultLimit != null, "clientLimits.requestsPerWindow and clientLimits.windowMs are required");
        Settings.require(limitRedisTimeout != null && limitRedisTimeout.toMillis() >= 1,
                "clientLimits.redisTimeoutMs must be at least 1");
    }

    /**
     * One client as configured; {@code limit} is its requests per window over every instance; {@code priorities} the
     * priority classes its orders may carry beyond STANDARD ({@code clients[].priorities}, default none).
     */
    public record ClientConfig(String clientId, String name, String apiKey, String webhookUrl, String webhookSecret,
                               ClientLimit limit, Set<PriorityClass> priorities) {

        public ClientConfig {
            priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
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

    private static boolean isKey(String base64) {
        try {
            return java.util.Base64.getDecoder().decode(base64).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "AuthConfig[" + clients.size() + " client(s), operator key " + (operatorKey == null || operatorKey.isEmpty() ? "unset" : "set") + "]";
    }
}
