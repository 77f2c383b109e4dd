package io.aisle.gateway.store;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Checks;

/** A supermarket chain as the registry keeps it: protocol, and the quota its stores share. */
public record Chain(String chainId, String name, PartnerKind kind, String baseUrl, String breakerProfile,
                    int rateLimitPerSecond, int maxConcurrentCalls) {

    public Chain {
        Checks.requireId(chainId, "chainId");
        Checks.requireText(name, "name");
        Checks.requireNonNull(kind, "kind");
        if (breakerProfile == null || breakerProfile.isBlank()) {
            breakerProfile = "default";
        }
        Checks.requirePositive(rateLimitPerSecond, "rateLimitPerSecond");
        Checks.requirePositive(maxConcurrentCalls, "maxConcurrentCalls");
    }
}
