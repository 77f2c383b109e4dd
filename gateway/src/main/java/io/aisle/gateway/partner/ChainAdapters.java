package io.aisle.gateway.partner;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The adapter of every chain (configured, or registered through the admin API), by chain id. One adapter (and one HTTP pool) per chain. */
public final class ChainAdapters {

    private final Map<String, ChainAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<String, ChainEndpoint> endpoints = new ConcurrentHashMap<>();

    public void register(ChainEndpoint endpoint, ChainAdapter adapter) {
        endpoints.put(endpoint.chainId(), endpoint);
        ChainAdapter previous = adapters.put(endpoint.chainId(), adapter);
        if (previous != null) {
            previous.close();
        }
    }

    /**
     * Puts {@code adapter} in place of the chain's adapter and hands back the one it replaces (not
     * closed: calls may still be under way on it; the caller closes it when they have ended).
     */
    public Optional<ChainAdapter> replace(ChainEndpoint endpoint, ChainAdapter adapter) {
        endpoints.put(endpoint.chainId(), endpoint);
        return Optional.ofNullable(adapters.put(endpoint.chainId(), adapter));
    }

    public Optional<ChainAdapter> forChain(String chainId) {
        return Optional.ofNullable(adapters.get(chainId));
    }

    public Optional<ChainEndpoint> endpoint(String chainId) {
        return Optional.ofNullable(endpoints.get(chainId));
    }

    public Future<Void> closeAll() {
        List<Future<Void>> closing = adapters.values().stream().map(ChainAdapter::close).toList();
        adapters.clear();
        return Future.join(closing).mapEmpty();
    }
}
