package io.aisle.gateway.webhook;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each client wants its webhooks, from table {@code clients}, kept for a short while so a burst
 * of events does not read the same row again and again (a changed URL or secret is used after at most
 * the time to live).
 */
final class WebhookTargets {

    private static final String SELECT_CLIENT = "select webhook_url, webhook_secret from clients where client_id = $1";
    private static final int MAX_ENTRIES = 10_000;

    /** A client's webhook settings; {@code url} is null when it has none. */
    record Target(String clientId, String url, String secret) {
    }

    private record Cached(Optional<Target> target, Instant expires) {
    }

    private final Pool pg;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    WebhookTargets(Pool pg, Clock clock, Duration ttl) {
        this.pg = pg;
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
        return pg.preparedQuery(SELECT_CLIENT).execute(Tuple.of(clientId)).map(rows -> {
            Optional<Target> target = Optional.empty();
            for (Row row : rows) {
                target = Optional.of(new Target(clientId, row.getString("webhook_url"), row.getString("webhook_secret")));
            }
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(clientId, new Cached(target, now.plus(ttl)));
            return target;
        });
    }
}
