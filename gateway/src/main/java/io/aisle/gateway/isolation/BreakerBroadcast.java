package io.aisle.gateway.isolation;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares breaker transitions between gateway instances through Redis: every transition is stored
 * (hash {@value #STATES_KEY}, one field per store) and published (channel {@value #CHANNEL}). Each
 * instance applies what others publish, so a store one instance found dead is skipped by all, and a
 * store another instance's probe brought back is called again. Remote transitions are applied
 * without being published again. Stored states are loaded at start-up. Redis being away only
 * delays the sharing: the subscription reconnects with backoff.
 */
public final class BreakerBroadcast {

    public static final String STATES_KEY = "aisle:breakers";
    public static final String CHANNEL = "aisle:breakers:transitions";
    private static final Logger LOG = LoggerFactory.getLogger(BreakerBroadcast.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Redis redis;
    private final RedisOptions subscriberOptions;
    private final Isolation isolation;
    private final String origin = UUID.randomUUID().toString();
    private final ThreadLocal<Boolean> applyingRemote = ThreadLocal.withInitial(() -> false);
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicBoolean reconnectScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private RedisConnection subscription;
    private Redis subscriberClient;
    private long backoffMs = 200;

    public BreakerBroadcast(Vertx vertx, Redis redis, RedisOptions subscriberOptions, Isolation isolation) {
        this.vertx = vertx;
        this.redis = redis;
        this.subscriberOptions = subscriberOptions;
        this.isolation = isolation;
    }

    /**
     * Starts publishing local transitions, subscribes, then loads the stored states (so nothing
     * published in between is missed). Never fails: with Redis away it keeps retrying in the background.
     */
    public Future<Void> start() {
        isolation.onBreakerCreated(this::watch);
        return subscribe();
    }

    public void stop() {
        stopped = true;
        if (subscription != null) {
            subscription.close();
        }
        if (subscriberClient != null) {
            subscriberClient.close();
        }
    }

    /** The shared state of a store's breaker as last stored, if any instance stored one. */
    public Future<Optional<BreakerState>> stored(String storeId) {
        return redis.send(Request.cmd(Command.HGET).arg(STATES_KEY).arg(storeId))
                .map(reply -> reply == null ? Optional.empty() : Optional.of(BreakerState.fromJson(new JsonObject(reply.toString()))));
    }

    /** The shared states of these stores' breakers, as last stored (one round trip), by store id; stores with none are left out. */
    public Future<Map<String, BreakerState>> stored(java.util.List<String> storeIds) {
        if (storeIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Request get = Request.cmd(Command.HMGET).arg(STATES_KEY);
        storeIds.forEach(get::arg);
        return redis.send(get).map(reply -> {
            Map<String, BreakerState> states = new HashMap<>();
            for (int i = 0; reply != null && i < reply.size() && i < storeIds.size(); i++) {
                if (reply.get(i) != null) {
                    states.put(storeIds.get(i), BreakerState.fromJson(new JsonObject(reply.get(i).toString())));
                }
            }
            return states;
        });
    }

    private void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            if (!applyingRemote.get()) {
                publish(breaker, event);
            }
        });
    }

    private void publish(CircuitBreaker breaker, CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State to = event.getStateTransition().getToState();
        Instant since = isolation.clock().instant();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        String reason = null;
        Instant until = null;
        if (to == CircuitBreaker.State.OPEN) {
            reason = metrics.getFailureRate() >= breaker.getCircuitBreakerConfig().getFailureRateThreshold()
                    ? "FAILURE_RATE" : "SLOW_CALLS";
            until = since.plusMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
        }
        BreakerState state = new BreakerState(breaker.getName(), isolation.chainOf(breaker.getName()),
                to.name(), reason, since, until, metrics.getFailureRate(), metrics.getSlowCallRate(), origin);
        String json = state.toJson().encode();
        redis.send(Request.cmd(Command.HSET).arg(STATES_KEY).arg(breaker.getName()).arg(json))
                .compose(ignored -> redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(json)))
                .onFailure(failure -> LOG.warn("breaker transition of {} to {} not shared: {}", breaker.getName(), to, failure.toString()));
        LOG.info("store {} breaker {} -> {}{}", breaker.getName(), event.getStateTransition().getFromState(), to,
                reason == null ? "" : " (" + reason + ")");
    }

    private Future<Void> loadStoredStates() {
        return redis.send(Request.cmd(Command.HGETALL).arg(STATES_KEY)).map(reply -> {
            Map<String, String> states = new HashMap<>();
            if (reply != null) {
                for (String key : reply.getKeys()) {
                    states.put(key, reply.get(key).toString());
                }
            }
            int applied = 0;
            for (String json : states.values()) {
                BreakerState state = BreakerState.fromJson(new JsonObject(json));
                if ("OPEN".equals(state.state()) && state.until() != null && state.until().isAfter(isolation.clock().instant())) {
                    apply(state);
                    applied++;
                }
            }
            if (applied > 0) {
                LOG.info("{} store breaker(s) open from shared state", applied);
            }
            return null;
        });
    }

    private Future<Void> subscribe() {
        if (stopped) {
            return Future.succeededFuture();
        }
        subscriberClient = Redis.createClient(vertx, subscriberOptions);
        return subscriberClient.connect()
                .compose(connection -> {
                    subscription = connection;
                    connection.handler(this::onMessage);
                    connection.exceptionHandler(failure -> resubscribe("subscription failed: " + failure));
                    connection.endHandler(ignored -> resubscribe("subscription ended"));
                    return connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL));
                })
                .compose(ignored -> {
                    backoffMs = 200;
                    // whatever was published while this instance was not listening is in the stored states
                    return loadStoredStates();
                })
                .recover(failure -> {
                    resubscribe("cannot subscribe: " + failure);
                    return Future.succeededFuture();
                });
    }

    private void resubscribe(String why) {
        if (stopped || !reconnectScheduled.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("breaker broadcast: {}; retrying in {} ms", why, backoffMs);
        if (subscriberClient != null) {
            subscriberClient.close();
            subscriberClient = null;
        }
        subscription = null;
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        vertx.setTimer(delay, id -> {
            reconnectScheduled.set(false);
            subscribe();
        });
    }

    private void onMessage(Response message) {
        // pub/sub pushes arrive as ["message", channel, payload]
        if (message == null || message.type() != ResponseType.PUSH || message.size() < 3
                || !"message".equals(message.get(0).toString())) {
            return;
        }
        try {
            BreakerState state = BreakerState.fromJson(new JsonObject(message.get(2).toString()));
            if (!origin.equals(state.origin())) {
                apply(state);
            }
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed breaker transition: {}", e.toString());
        }
    }

    private void apply(BreakerState state) {
        CircuitBreaker breaker = isolation.breaker(state.storeId(), state.chainId());
        applyingRemote.set(true);
        try {
            switch (state.state()) {
                case "OPEN" -> {
                    if (breaker.getState() != CircuitBreaker.State.OPEN && state.until() != null) {
                        breaker.transitionToOpenStateUntil(state.until());
                    }
                }
                case "CLOSED" -> {
                    if (breaker.getState() != CircuitBreaker.State.CLOSED) {
                        breaker.transitionToClosedState();
                    }
                }
                default -> {
                    // HALF_OPEN elsewhere: this instance probes on its own when its wait is over
                }
            }
        } finally {
            applyingRemote.set(false);
        }
    }
}
