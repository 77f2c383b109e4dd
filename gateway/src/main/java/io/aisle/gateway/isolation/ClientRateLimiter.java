package io.aisle.gateway.isolation;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-client request limits shared by every gateway instance: a fixed window per client, counted in
 * Redis ({@code INCR} and {@code PEXPIRE} of the window's key, pipelined: one round trip). A client
 * found over its limit is refused by this instance without asking Redis again until its window ends,
 * so a client that keeps calling costs the others nothing. A request Redis does not count within
 * {@code redisTimeout} is counted by this instance alone, against its share {@code ceil(limit / live
 * instances)}; after {@value #FAILURES_BEFORE_AWAY} such failures in a row the instance counts alone
 * for a second before it asks Redis again. Requests are never refused because the limiter cannot count.
 * Thread-safe: every event loop of the instance shares one.
 */
public final class ClientRateLimiter {

    public static final String KEY_PREFIX = "aisle:client-limit:";
    private static final Logger LOG = LoggerFactory.getLogger(ClientRateLimiter.class);
    private static final long REDIS_RETRY_MS = 1_000;
    static final int FAILURES_BEFORE_AWAY = 3;

    private final Redis redis;
    private final Clock clock;
    private final Duration redisTimeout;
    private final IntSupplier liveInstances;
    private final Map<String, ClientLimit> limits;
    private final ClientLimit defaultLimit;
    private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();
    private final Map<String, LocalWindow> local = new ConcurrentHashMap<>();
    private volatile long redisAwayUntil;
    private final java.util.concurrent.atomic.AtomicInteger failuresInARow = new java.util.concurrent.atomic.AtomicInteger();

    /** A request admitted, or refused with how long until the client's window ends. */
    public record Decision(boolean allowed, Duration retryAfter, ClientLimit limit) {
    }

    public ClientRateLimiter(Redis redis, Clock clock, Duration redisTimeout, IntSupplier liveInstances,
                             Map<String, ClientLimit> limits, ClientLimit defaultLimit) {
        this.redis = redis;
        this.clock = clock;
        this.redisTimeout = redisTimeout;
        this.liveInstances = liveInstances;
        this.limits = Map.copyOf(limits);
        this.defaultLimit = defaultLimit;
    }

    /** The limit of {@code clientId}: its own, or the default. */
    public ClientLimit limitOf(String clientId) {
        return limits.getOrDefault(clientId, defaultLimit);
    }

    /** Counts one request of {@code clientId} and says whether it is within the client's limit. Never fails. */
    public Future<Decision> acquire(String clientId) {
        ClientLimit limit = limitOf(clientId);
        long now = clock.millis();
        long windowMs = limit.window().toMillis();
        long window = now / windowMs;
        long windowEnd = (window + 1) * windowMs;
        Long until = refusedUntil.get(clientId);
        if (until != null) {
            if (now < until) {
                return Future.succeededFuture(refused(until - now, limit));
            }
            refusedUntil.remove(clientId, until);
        }
        if (now < redisAwayUntil) {
            return Future.succeededFuture(locally(clientId, limit, window, windowEnd, now));
        }
        String key = KEY_PREFIX + clientId + ":" + windowMs + ":" + window;
        return redis.batch(List.of(Request.cmd(Command.INCR).arg(key),
                        Request.cmd(Command.PEXPIRE).arg(key).arg(windowEnd - now + windowMs)))
                .timeout(redisTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .map(replies -> {
                    failuresInARow.set(0);
                    Response count = replies.get(0);
                    if (count.toLong() <= limit.requests()) {
                        return new Decision(true, Duration.ZERO, limit);
                    }
                    refusedUntil.put(clientId, windowEnd);
                    return refused(windowEnd - now, limit);
                })
                .recover(failure -> {
                    if (failuresInARow.incrementAndGet() >= FAILURES_BEFORE_AWAY) {
                        if (redisAwayUntil <= now) {
                            LOG.warn("client limits counted by each instance alone for a while: Redis did not count ({})",
                                    failure.toString());
                        }
                        redisAwayUntil = now + REDIS_RETRY_MS;
                    }
                    return Future.succeededFuture(locally(clientId, limit, window, windowEnd, now));
                });
    }

    private Decision locally(String clientId, ClientLimit limit, long window, long windowEnd, long now) {
        int instances = Math.max(1, liveInstances.getAsInt());
        int share = (limit.requests() + instances - 1) / instances;
        LocalWindow counted = local.compute(clientId, (id, w) -> w == null || w.window != window
                ? new LocalWindow(window, 1) : new LocalWindow(window, w.count + 1));
        return counted.count <= share ? new Decision(true, Duration.ZERO, limit) : refused(windowEnd - now, limit);
    }

    private static Decision refused(long retryAfterMs, ClientLimit limit) {
        return new Decision(false, Duration.ofMillis(Math.max(1, retryAfterMs)), limit);
    }

    private record LocalWindow(long window, int count) {
    }
}
