package io.aisle.adapters.callback;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Remembers the nonces of signed callbacks so a captured message cannot be played again. Shared by
 * every gateway instance (see {@link RedisNonceStore}).
 */
public interface NonceStore {

    /**
     * Records {@code nonce} for {@code ttl}. Succeeds with {@code true} when it had not been seen
     * within its ttl, {@code false} when it had (a replay). Fails when the store cannot be reached.
     */
    Future<Boolean> firstSeen(String nonce, Duration ttl);
}
