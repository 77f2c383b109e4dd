package io.aisle.gateway.isolation;

import io.aisle.adapters.spi.PartnerFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetricsPublisher;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Isolation of stores and chains for one gateway instance: one circuit breaker per store (named by
 * the store id, configured from its chain's profile), one bulkhead and one rate limiter per chain,
 * and a per-call timeout. A call that any of them refuses fails at once with a {@link Rejection};
 * nothing waits. Breakers are created lazily: 7,000 stores cost only what is used.
 */
public final class Isolation {

    static final Duration SAFETY_RELEASE = Duration.ofSeconds(5);
    private final Vertx vertx;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;
    private final Map<String, ChainLimits> chains = new ConcurrentHashMap<>();
    private final Map<String, String> profileOfChain = new ConcurrentHashMap<>();
    private final Map<String, String> chainOfStore = new ConcurrentHashMap<>();
    private final Clock clock;
    private final EventLoopLag lag;
    private volatile boolean warmingUp;
    private final WidespreadSlowness slowness = new WidespreadSlowness();

    /** {@code profiles} by name, a {@code default} among them: the profile of stores whose chain names none (or one not there). */
    public Isolation(Vertx vertx, Map<String, BreakerProfile> profiles, Clock clock) {
        this(vertx, profiles, clock, new EventLoopLag());
    }

    /**
     * With the lag of this instance's event loops: a call that timed out, or succeeded, while they were
     * saturated tells nothing about the store, and is not counted by its breaker.
     */
    public Isolation(Vertx vertx, Map<String, BreakerProfile> profiles, Clock clock, EventLoopLag lag) {
        this(vertx, profiles, clock, lag, null);
    }

    /**
     * As {@link #Isolation(Vertx, Map, Clock, EventLoopLag)}, the chains' bulkheads and rate limiters
     * reported to {@code meters} (Resilience4j's tagged metrics, one set per chain); null: not reported.
     */
    public Isolation(Vertx vertx, Map<String, BreakerProfile> profiles, Clock clock, EventLoopLag lag, MeterRegistry meters) {
        if (!profiles.containsKey("default")) {
            throw new IllegalArgumentException("a default breaker profile is required, got " + profiles.keySet());
        }
        this.vertx = vertx;
        this.clock = clock;
        this.lag = lag;
        Map<String, CircuitBreakerConfig> configs = new HashMap<>();
        profiles.forEach((name, profile) -> configs.put(name, profile.toConfig(clock)));
        this.breakers = CircuitBreakerRegistry.of(configs);
        this.bulkheads = meters == null ? BulkheadRegistry.ofDefaults()
                : BulkheadRegistry.of(BulkheadConfig.ofDefaults(), new TaggedBulkheadMetricsPublisher(meters));
        this.rateLimiters = meters == null ? RateLimiterRegistry.ofDefaults()
                : RateLimiterRegistry.of(RateLimiterConfig.ofDefaults(), new TaggedRateLimiterMetricsPublisher(meters));
    }

    /**
     * Declares (or updates) a chain's quota and breaker profile. When the profile changes, the breakers
     * this instance made for the chain's stores are dropped, so each is made again from the new profile
     * at its next call (with fresh statistics; a paused store stays paused, which the registry decides).
     */
    public void defineChain(String chainId, String breakerProfile, int maxConcurrentCalls, int callsPerSecond) {
        String profile = breakers.getConfiguration(breakerProfile).isPresent() ? breakerProfile : "default";
        String before = profileOfChain.put(chainId, profile);
        if (before != null && !before.equals(profile)) {
            chainOfStore.forEach((storeId, chain) -> {
                if (chain.equals(chainId)) {
                    breakers.remove(storeId);
                }
            });
        }
        chains.compute(chainId, (id, existing) -> {
            if (existing == null) {
                return new ChainLimits(id, maxConcurrentCalls, callsPerSecond, bulkheads, rateLimiters);
            }
            existing.update(maxConcurrentCalls, callsPerSecond);
            return existing;
        });
    }

    /** The limits this instance applies to a chain, if it knows the chain. */
    public java.util.Optional<ChainLimits> limitsOf(String chainId) {
        return java.util.Optional.ofNullable(chains.get(chainId));
    }

    /** The breaker of a store, created on first use from its chain's profile. */
    public CircuitBreaker breaker(String storeId, String chainId) {
        if (chainId != null && !chainId.isEmpty()) {
            chainOfStore.putIfAbsent(storeId, chainId);
        }
        return breakers.circuitBreaker(storeId, profileOfChain.getOrDefault(chainOfStore.getOrDefault(storeId, ""), "default"));
    }

    /** The chain a store's breaker was made for, or empty when this instance has not met the store. */
    public String chainOf(String storeId) {
        return chainOfStore.getOrDefault(storeId, "");
    }

    /** The breaker of a store if one exists on this instance. */
    public java.util.Optional<CircuitBreaker> existingBreaker(String storeId) {
        return breakers.find(storeId);
    }

    /** Called for every breaker dropped (its chain's breaker profile changed). */
    public void onBreakerRemoved(Consumer<CircuitBreaker> listener) {
        breakers.getEventPublisher().onEntryRemoved(event -> listener.accept(event.getRemovedEntry()));
    }

    /** Called for every breaker created from now on (and, once, for those already made). */
    public void onBreakerCreated(Consumer<CircuitBreaker> listener) {
        breakers.getAllCircuitBreakers().forEach(listener);
        breakers.getEventPublisher().onEntryAdded(event -> listener.accept(event.getAddedEntry()));
    }

    /**
     * Reads what a store pushed (no call to the partner): through the store's breaker only, so a
     * store that stopped pushing is skipped, but the chain's quota is not spent. A slow read is our
     * Redis or our event loops, never the store: it does not count as a slow call. A read that failed
     * because our own Redis is out of reach (an UNAVAILABLE with the Redis error as its cause) is not
     * the store's doing either: the store is reported unavailable, its breaker learns nothing.
     */
    public <T> Future<T> read(String storeId, String chainId, Supplier<Future<T>> read) {
        return VertxResilience.executeRead(breaker(storeId, chainId), read,
                (start, failure) -> ownStateAway(failure) || notTheStores(start, failure));
    }

    private static boolean ownStateAway(Throwable failure) {
        return failure instanceof PartnerFailure partner && partner.kind() == PartnerFailure.Kind.UNAVAILABLE
                && partner.getCause() != null && !(partner.getCause() instanceof PartnerFailure);
    }

    /** The lag of this instance's event loops, which decides whether an outcome is the store's. */
    public EventLoopLag lag() {
        return lag;
    }

    /**
     * While warming up (readiness says no), calls are made as usual, quotas and bulkheads apply, but
     * breakers learn nothing: a cold instance's slow first calls are not the stores' fault.
     */
    public void warmingUp(boolean warming) {
        this.warmingUp = warming;
    }

    /** A timeout or a success while this instance was saturated (or warming up): our slowness, not the store's. */
    private boolean notTheStores(long startNanos, Throwable failure) {
        if (warmingUp) {
            return true;
        }
        boolean timeout = failure instanceof PartnerFailure partner && partner.kind() == PartnerFailure.Kind.TIMEOUT;
        return (failure == null || timeout) && lag.saturatedSince(startNanos);
    }

    /**
     * As {@link #notTheStores(long, Throwable)} for a call to a store of {@code chainId}, which also
     * counts towards {@link WidespreadSlowness}: a timeout or a slow answer while calls are slow
     * everywhere is not the store's either.
     */
    private boolean notTheStores(String chainId, CircuitBreaker breaker, long startNanos, Throwable failure) {
        long now = System.nanoTime();
        boolean timeout = failure instanceof PartnerFailure partner && partner.kind() == PartnerFailure.Kind.TIMEOUT;
        boolean slow = timeout || (failure == null
                && now - startNanos >= breaker.getCircuitBreakerConfig().getSlowCallDurationThreshold().toNanos());
        if (failure == null || timeout) {
            slowness.record(chainId, slow, now);
        }
        return notTheStores(startNanos, failure) || (slow && slowness.now(now));
    }

    /**
     * Whether, since {@code startNanos}, this instance was too slow (its event loops lagged) or calls
     * were slow everywhere: a store that timed out meanwhile was lost to load, not found wanting.
     */
    public boolean overloadedSince(long startNanos) {
        return lag.saturatedSince(startNanos) || slowness.now(System.nanoTime());
    }

    /**
     * Calls a store through its breaker, its chain's rate limiter and bulkhead, bounded by
     * {@code timeout}. The bulkhead permit is held until the underlying call really ends.
     */
    public <T> Future<T> call(String storeId, String chainId, Duration timeout, Supplier<Future<T>> call) {
        ChainLimits limits = chains.get(chainId);
        if (limits == null) {
            defineChain(chainId, "default", 200, 500);
            limits = chains.get(chainId);
        }
        ChainLimits chain = limits;
        CircuitBreaker breaker = breaker(storeId, chainId);
        return VertxResilience.executeFuture(breaker, () -> {
            if (!chain.rateLimiter().acquirePermission()) {
                return Future.failedFuture(new Rejection(Rejection.Reason.RATE_LIMITED, storeId));
            }
            if (!chain.bulkhead().tryAcquirePermission()) {
                return Future.failedFuture(new Rejection(Rejection.Reason.BULKHEAD_FULL, storeId));
            }
            Future<T> underlying;
            try {
                underlying = call.get();
            } catch (RuntimeException e) {
                chain.bulkhead().onComplete();
                throw e;
            }
            releaseWhenDone(chain, underlying, timeout);
            return underlying.timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .recover(failure -> Future.failedFuture(failure instanceof TimeoutException
                            ? new PartnerFailure(PartnerFailure.Kind.TIMEOUT, chainId, storeId,
                            "no answer within " + timeout.toMillis() + " ms", null, null)
                            : failure));
        }, (start, failure) -> notTheStores(chainId, breaker, start, failure));
    }

    /**
     * The bulkhead permit is held while the partner really works on the call, which adapters bound
     * with their own timeout; a safety timer frees it should a call never end.
     */
    private void releaseWhenDone(ChainLimits chain, Future<?> underlying, Duration timeout) {
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        long safety = vertx.setTimer(Math.max(timeout.toMillis() * 4, SAFETY_RELEASE.toMillis()), id -> {
            if (released.compareAndSet(false, true)) {
                chain.bulkhead().onComplete();
            }
        });
        underlying.onComplete(ignored -> {
            if (released.compareAndSet(false, true)) {
                vertx.cancelTimer(safety);
                chain.bulkhead().onComplete();
            }
        });
    }

    public Clock clock() {
        return clock;
    }

}
