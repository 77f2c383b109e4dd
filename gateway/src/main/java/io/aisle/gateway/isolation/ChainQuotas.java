package io.aisle.gateway.isolation;

import io.vertx.core.Future;
import java.util.List;

/** Where the chains' quotas and breaker profiles come from (the store registry), read again as chains are onboarded. */
@FunctionalInterface
public interface ChainQuotas {

    /** A chain's whole quota, for all gateway instances together, and the breaker profile of its stores. */
    record ChainQuota(String chainId, String breakerProfile, int maxConcurrentCalls, int callsPerSecond) {
    }

    Future<List<ChainQuota>> quotas();
}
