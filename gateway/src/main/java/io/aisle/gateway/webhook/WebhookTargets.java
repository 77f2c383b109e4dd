package io.aisle.gateway.webhook;

import io.aisle.gateway.auth.ClientDirectory;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each client wants its webhooks, from the {@link ClientDirectory}, kept for a short while so a burst
 * of events does not read the same row again and again (a changed URL or secret is used after at most
 * the time to live).
 */
final class WebhookTargets {

    private static final int MAX_ENTRIES = 10_000;

    /** A client's webhook settings; {@code url} is null when it has none. */
    record Target(String clientId, String url, String secret) {
    }

    private record Cached(Optional<Target> target, Instant expires) {
    }

    private final ClientDirectory clients;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    WebhookTargets(ClientDirectory clients, Clock clock, Duration ttl) {
        this.clients = clients;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The client's settings, or empty when there is no such client. */
    Future<Optional<Target>> find(String clientId) {
        Instant now = clock.instant();
        Cached cached = cache.get(clientId);
        if (cached != null && cached.expires().isAfter(now)) {
            return Future.succeededFuture(cached.target());
        }
        return clients.webhookOf(clientId).map(settings -> {
            Optional<Target> target = settings.map(s -> new Target(clientId, s.url(), s.secret()));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(clientId, new Cached(target, now.plus(ttl)));
            return target;
        });
    }
}
