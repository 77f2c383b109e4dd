package io.aisle.adapters.callback;

import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Nonces kept in Redis with {@code SET <prefix><nonce> 1 NX PX <ttl>}: one atomic command both
 * checks and records, so two gateway instances receiving the same message cannot both accept it.
 * The key expires with the ttl, so the store holds no more than one tolerance window of traffic.
 */
public final class RedisNonceStore implements NonceStore {

    public static final String DEFAULT_PREFIX = "aisle:nonce:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final Redis redis;
    private final String prefix;
    private final long timeoutMillis;

    /** {@code redis} is owned by the caller, who closes it. */
    public RedisNonceStore(Redis redis) {
        this(redis, DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    public RedisNonceStore(Redis redis, String prefix, Duration timeout) {
        this.redis = Checks.requireNonNull(redis, "redis");
        this.prefix = Checks.requireText(prefix, "prefix");
        Checks.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public Future<Boolean> firstSeen(String nonce, Duration ttl) {
        Checks.requireText(nonce, "nonce");
        Checks.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() <= 0) {
            throw new IllegalArgumentException("ttl must be at least one millisecond, got " + ttl);
        }
        Request set = Request.cmd(Command.SET).arg(prefix + nonce).arg("1").arg("NX").arg("PX").arg(ttl.toMillis());
        return redis.send(set)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                // SET ... NX answers OK when it set the key and a null reply when the key existed.
                .map(reply -> reply != null && "OK".equals(reply.toString()));
    }
}
