package io.aisle.adapters.spi;

import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which stores belong to which chain: the gateway's store registry as the callbacks of chains (and the push-only adapter) see it. A
 * chain names its stores by its own ids; the answer is the store as Aisle knows it.
 */
@FunctionalInterface
public interface ChainStores {

    /** The store the chain calls {@code partnerStoreId}, or empty when the chain has no such store. */
    Future<Optional<StoreRef>> find(String chainId, String partnerStoreId);

    /** A fixed set of stores, e.g. for dev mode and tests. */
    static ChainStores of(Collection<StoreRef> stores) {
        Checks.requireNonNull(stores, "stores");
        Map<String, StoreRef> byPartnerId = stores.stream()
                .collect(Collectors.toUnmodifiableMap(store -> store.chainId() + "\u0000" + store.partnerStoreId(), Function.identity()));
        return (chainId, partnerStoreId) -> Future.succeededFuture(Optional.ofNullable(byPartnerId.get(chainId + "\u0000" + partnerStoreId)));
    }
}
