package io.aisle.gateway.store;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * A chain as its registry row has it: the chain, whether its stores are quotable ({@code enabled}),
 * who manages its endpoint ({@code managedByApi}: the admin API, else the configuration file), the
 * endpoint an API chain is reached at (pool bounds and timeout null for a configured chain) and its
 * credentials in their stored (sealed) form. {@link #toString()} never shows them.
 */
public record RegisteredChain(Chain chain, boolean enabled, boolean managedByApi, Integer maxConnections, Integer maxWaitQueue,
                              Integer callTimeoutMs, String sealedApiKey, String sealedSigningSecret, Instant createdAt,
                              Instant updatedAt) {

    public RegisteredChain {
        Checks.requireNonNull(chain, "chain");
    }

    public String chainId() {
        return chain.chainId();
    }

    @Override
    public String toString() {
        return "RegisteredChain[" + chain + (enabled ? "" : ", disabled") + (managedByApi ? ", api" : ", config") + "]";
    }
}
