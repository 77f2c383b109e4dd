package io.aisle.gateway.auth;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.Checks;
import java.util.EnumSet;
import java.util.Set;

/**
 * A super-app backend allowed to call the API; orders, idempotency keys and webhooks are scoped to it.
 * {@code priorities}: the priority classes its orders may carry beyond STANDARD, which every client may use.
 */
public record Client(String clientId, String name, String webhookUrl, String webhookSecret, Set<PriorityClass> priorities) {

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
        EnumSet<PriorityClass> allowed = EnumSet.of(PriorityClass.STANDARD);
        if (priorities != null) {
            allowed.addAll(priorities);
        }
        priorities = Set.copyOf(allowed);
    }

    /** A client whose orders may only be STANDARD. */
    public Client(String clientId, String name, String webhookUrl, String webhookSecret) {
        this(clientId, name, webhookUrl, webhookSecret, Set.of());
    }

    public boolean mayUse(PriorityClass priority) {
        return priorities.contains(priority);
    }

    @Override
    public String toString() {
        return "Client[" + clientId + "]";
    }
}
