package io.aisle.contracts.api;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * A chain as the admin API shows it: everything but its credentials, which are write-only.
 * {@code managedBy} says where its endpoint comes from: {@code API} (registered and changed through
 * the admin API) or {@code CONFIG} (the configuration file; only enable and disable apply). The pool
 * bounds and call timeout are those of an API chain ({@code partnerCalls} for a configured one).
 */
public record ChainDetails(String chainId, String name, PartnerKind kind, String baseUrl, String breakerProfile,
                           int rateLimitPerSecond, int maxConcurrentCalls, Integer maxConnections, Integer maxWaitQueue,
                           Integer callTimeoutMs, boolean enabled, ChainManagement managedBy, Instant createdAt, Instant updatedAt) {

    public ChainDetails {
        Checks.requireText(chainId, "chainId");
        Checks.requireText(name, "name");
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonNull(managedBy, "managedBy");
    }
}
