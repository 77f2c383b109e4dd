package io.aisle.gateway.store;

import io.aisle.adapters.pushonly.ChainStores;
import io.aisle.adapters.spi.StoreRef;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry as chains name their stores: a chain's own store id to the store as Aisle knows it.
 * Found stores are remembered (stores are not renamed); unknown ones are asked again each time, so a
 * store onboarded a moment ago is found.
 */
public final class RegistryChainStores implements ChainStores {

    private static final String FIND = "select store_id from stores where chain_id = $1 and partner_store_id = $2";

    private final Pool pg;
    private final Map<String, StoreRef> known = new ConcurrentHashMap<>();

    public RegistryChainStores(Pool pg) {
        this.pg = pg;
    }

    @Override
    public Future<Optional<StoreRef>> find(String chainId, String partnerStoreId) {
        String key = chainId + "\u0000" + partnerStoreId;
        StoreRef cached = known.get(key);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return pg.preparedQuery(FIND).execute(Tuple.of(chainId, partnerStoreId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            StoreRef ref = new StoreRef(rows.iterator().next().getString(0), chainId, partnerStoreId);
            if (known.size() < 100_000) {
                known.put(key, ref);
            }
            return Optional.of(ref);
        });
    }
}
