package io.aisle.gateway.isolation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partner's quota is for all of Aisle, not for each gateway instance: every instance announces
 * itself in Redis (sorted set {@value #KEY}, scored by its last heartbeat) and applies its share of
 * each chain's quota and concurrency, {@code ceil(quota / live instances)}. The chains' quotas are
 * re-read ({@link ChainQuotas}) at the same time, so a chain onboarded or re-rated takes effect without a restart.
 * With Redis away the last shares stay in force.
 */
public final class QuotaShare {

    public static final String KEY = "aisle:gateways";
    private static final Logger LOG = LoggerFactory.getLogger(QuotaShare.class);

    private final Vertx vertx;
    private final Redis redis;
    private final ChainQuotas chains;
    private final Isolation isolation;
    private final Clock clock;
    private final Duration period;
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile int instances = 1;
    private long timer = -1;

    public QuotaShare(Vertx vertx, Redis redis, ChainQuotas chains, Isolation isolation, Clock clock, Duration period) {
        this.vertx = vertx;
        this.redis = redis;
        this.chains = chains;
        this.isolation = isolation;
        this.clock = clock;
        this.period = period;
    }

    /** Announces this instance and applies the shares once now (never fails), then every period. */
    public Future<Void> start() {
        timer = vertx.setPeriodic(period.toMillis(), id -> refresh());
        return refresh();
    }

    /** Leaves the set at once, so the others take over the whole quota at their next refresh. */
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return redis.send(Request.cmd(Command.ZREM).arg(KEY).arg(instanceId)).<Void>mapEmpty()
                .recover(failure -> Future.succeededFuture());
    }

    public int instances() {
        return instances;
    }

    public Future<Void> refresh() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        long now = clock.millis();
        long staleBefore = now - period.toMillis() * 3;
        return redis.batch(List.of(
                        Request.cmd(Command.ZADD).arg(KEY).arg(now).arg(instanceId),
                        Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf").arg("(" + staleBefore),
                        Request.cmd(Command.ZCARD).arg(KEY)))
                .map(replies -> Math.max(1, replies.get(2).toInteger()))
                .compose(live -> chains.quotas().map(quotas -> {
                    if (live != instances) {
                        LOG.info("{} gateway instance(s) share the partners' quotas", live);
                    }
                    instances = live;
                    for (ChainQuotas.ChainQuota chain : quotas) {
                        isolation.defineChain(chain.chainId(), chain.breakerProfile(), share(chain.maxConcurrentCalls(), live),
                                share(chain.callsPerSecond(), live));
                    }
                    return (Void) null;
                }))
                .recover(failure -> {
                    LOG.warn("quota shares not refreshed, keeping the last ones: {}", failure.toString());
                    return Future.succeededFuture();
                })
                .onComplete(ignored -> running.set(false));
    }

    static int share(int total, int instances) {
        return Math.max(1, (total + instances - 1) / instances);
    }
}
