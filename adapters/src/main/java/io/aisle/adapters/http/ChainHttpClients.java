package io.aisle.adapters.http;

import io.aisle.adapters.spi.ChainEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP pools of all chains, one per chain id, created on first use and shared by every adapter of
 * that chain. Asking again with a changed endpoint (new URL, key or bounds) replaces the chain's pool
 * and closes the old one.
 */
public final class ChainHttpClients {

    private final Vertx vertx;
    private final Map<String, ChainHttpClient> clients = new ConcurrentHashMap<>();

    public ChainHttpClients(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /** The chain's shared client, created for this endpoint when there is none or the endpoint changed. */
    public ChainHttpClient forChain(ChainEndpoint endpoint) {
        ChainHttpClient[] replaced = new ChainHttpClient[1];
        ChainHttpClient client = clients.compute(endpoint.chainId(), (id, existing) -> {
            if (existing != null && existing.endpoint().equals(endpoint)) {
                return existing;
            }
            replaced[0] = existing;
            return ChainHttpClient.create(vertx, endpoint);
        });
        if (replaced[0] != null) {
            replaced[0].close();
        }
        return client;
    }

    /** Closes every chain's pool. */
    public Future<Void> closeAll() {
        List<Future<Void>> closing = clients.values().stream().map(ChainHttpClient::close).toList();
        clients.clear();
        return Future.join(closing).mapEmpty();
    }
}
