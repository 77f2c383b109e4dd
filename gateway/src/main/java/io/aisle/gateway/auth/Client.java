package io.aisle.gateway.auth;

import io.aisle.contracts.value.Checks;

/** A super-app backend allowed to call the API; orders, idempotency keys and webhooks are scoped to it. */
public record Client(String clientId, String name, String webhookUrl, String webhookSecret) {

    public Client {
        Checks.requireText(clientId, "clientId");
        if (name == null || name.isBlank()) {
            name = clientId;
        }
        if (webhookUrl != null && webhookUrl.isBlank()) {
            webhookUrl = null;
        }
        if (webhookUrl != null && (webhookSecret == null || webhookSecret.length() < 16)) {
            throw new IllegalArgumentException("client " + clientId + " has a webhook URL, so it needs a webhook secret of at least 16 characters");
        }
    }

    @Override
    public String toString() {
        return "Client[" + clientId + "]";
    }
}
