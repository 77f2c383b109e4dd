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
    private volatile java.util.function.Supplier<Future<Void>> refresh = Future::succeededFuture;

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

    /**
     * What brings the adapters up to the registry (the chains registered through the admin API), asked
     * when a chain is not known here yet: registered a moment ago, on another instance.
     */
    public void whenUnknown(java.util.function.Supplier<Future<Void>> refresh) {
        this.refresh = refresh;
    }

    /** The chain's adapter, looked for again after a refresh when this instance does not know the chain yet. */
    public Future<Optional<ChainAdapter>> find(String chainId) {
        Optional<ChainAdapter> known = forChain(chainId);
        if (known.isPresent()) {
            return Future.succeededFuture(known);
        }
        return refresh.get().map(ignored -> forChain(chainId));
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
