package io.aisle.gateway.auth;

import io.aisle.contracts.api.PriorityClass;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Table {@code clients}: the super-app backends, found by the digest of their API key (lookups are
 * cached for a short while so authentication costs no query on most requests) or by their id, with the
 * priority classes beyond STANDARD each may put on its orders.
 */
public final class ClientDirectory {

    private static final String UPSERT = """
            insert into clients (client_id, name, api_key_sha256, webhook_url, webhook_secret, priorities)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (client_id) do update set name = excluded.name, api_key_sha256 = excluded.api_key_sha256,
              webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret, priorities = excluded.priorities""";
    private static final String BY_KEY = """
            select client_id, name, webhook_url, webhook_secret, priorities from clients where api_key_sha256 = $1""";
    private static final String WEBHOOK_OF = "select webhook_url, webhook_secret from clients where client_id = $1";
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final Pool pg;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ClientDirectory(Pool pg, Clock clock) {
        this.pg = pg;
        this.clock = clock;
    }

    public Future<Void> register(Client client, String apiKey) {
        cache.clear();
        String[] priorities = client.priorities().stream().filter(p -> p != PriorityClass.STANDARD).map(Enum::name)
                .sorted().toArray(String[]::new);
        return pg.preparedQuery(UPSERT).execute(Tuple.of(client.clientId(), client.name(), ApiKeys.sha256(apiKey),
                client.webhookUrl(), client.webhookSecret(), priorities)).mapEmpty();
    }

    public Future<Optional<Client>> byApiKey(String apiKey) {
        String digest = ApiKeys.sha256(apiKey);
        Instant now = clock.instant();
        Cached cached = cache.get(digest);
        if (cached != null && cached.until.isAfter(now)) {
            return Future.succeededFuture(cached.client);
        }
        return pg.preparedQuery(BY_KEY).execute(Tuple.of(digest)).map(rows -> {
            Optional<Client> client = Optional.empty();
            for (Row row : rows) {
                Set<PriorityClass> priorities = Arrays.stream(row.getArrayOfStrings(4)).map(PriorityClass::valueOf)
                        .collect(Collectors.toSet());
                client = Optional.of(new Client(row.getString(0), row.getString(1), row.getString(2), row.getString(3), priorities));
            }
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(digest, new Cached(client, now.plus(CACHE_FOR)));
            return client;
        });
    }

    /** Where a client wants its webhooks, as stored ({@code url} null when it wants none). */
    public record WebhookSettings(String url, String secret) {
    }

    /** The webhook settings of the client, read now (callers that ask often keep their own copy); empty when there is no such client. */
    public Future<Optional<WebhookSettings>> webhookOf(String clientId) {
        return pg.preparedQuery(WEBHOOK_OF).execute(Tuple.of(clientId)).map(rows -> {
            Optional<WebhookSettings> settings = Optional.empty();
            for (Row row : rows) {
                settings = Optional.of(new WebhookSettings(row.getString("webhook_url"), row.getString("webhook_secret")));
            }
            return settings;
        });
    }

    private record Cached(Optional<Client> client, Instant until) {
    }
}
