package io.aisle.gateway.store;

import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.spi.StoreRef;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry as chains name their stores: a chain's own store id to the store as Aisle knows it.
 * Found stores are remembered (stores are not renamed); unknown ones are asked again each time, so a
 * store onboarded a moment ago is found.
 */
public final class RegistryChainStores implements ChainStores {

    private final StoreRegistry registry;
    private final Map<String, StoreRef> known = new ConcurrentHashMap<>();

    public RegistryChainStores(StoreRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Future<Optional<StoreRef>> find(String chainId, String partnerStoreId) {
        String key = chainId + "\u0000" + partnerStoreId;
        StoreRef cached = known.get(key);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return registry.idOf(chainId, partnerStoreId).map(storeId -> {
            if (storeId.isEmpty()) {
                return Optional.empty();
            }
            StoreRef ref = new StoreRef(storeId.get(), chainId, partnerStoreId);
            if (known.size() < 100_000) {
                known.put(key, ref);
            }
            return Optional.of(ref);
        });
    }
}
