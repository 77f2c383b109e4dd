package io.aisle.gateway.store;

import io.aisle.gateway.isolation.BreakerBroadcast;
import io.aisle.gateway.isolation.BreakerState;
import io.aisle.gateway.isolation.Isolation;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A store's health as operators see it: a manual pause first, then opening hours, then its circuit
 * breaker (this instance's, or the state shared by another instance).
 */
public final class StoreHealthService {

    private final StoreRegistry registry;
    private final Isolation isolation;
    private final BreakerBroadcast broadcast;
    private final Clock clock;

    public StoreHealthService(StoreRegistry registry, Isolation isolation, BreakerBroadcast broadcast, Clock clock) {
        this.registry = registry;
        this.isolation = isolation;
        this.broadcast = broadcast;
        this.clock = clock;
    }

    public Future<Optional<StoreHealth>> health(String storeId) {
        return registry.find(storeId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Store store = found.get();
            return broadcast.stored(storeId)
                    .recover(failure -> Future.succeededFuture(Optional.empty()))
                    .map(shared -> Optional.of(health(store, shared)));
        });
    }

    /** Pauses a store: it is skipped by every quote until resumed. Empty when there is no such store. */
    public Future<Optional<StoreHealth>> pause(String storeId, String reason) {
        return registry.pause(storeId, reason).compose(exists -> exists ? health(storeId) : Future.succeededFuture(Optional.empty()));
    }

    public Future<Optional<StoreHealth>> resume(String storeId) {
        return registry.resume(storeId).compose(exists -> exists ? health(storeId) : Future.succeededFuture(Optional.empty()));
    }

    StoreHealth health(Store store, Optional<BreakerState> shared) {
        Instant now = clock.instant();
        Optional<CircuitBreaker> local = isolation.existingBreaker(store.storeId());
        Float failureRate = local.map(b -> rate(b.getMetrics().getFailureRate())).orElse(null);
        Float slowCallRate = local.map(b -> rate(b.getMetrics().getSlowCallRate())).orElse(null);
        if (store.paused()) {
            return new StoreHealth(store.storeId(), store.chainId(), "OPEN", "MANUAL_PAUSE", store.pausedAt(),
                    failureRate, slowCallRate, store.pauseReason());
        }
        if (!store.isOpenAt(now)) {
            ZonedDateTime local0 = now.atZone(store.timeZone());
            ZonedDateTime closedSince = local0.with(store.closesAt());
            if (closedSince.isAfter(local0)) {
                closedSince = closedSince.minusDays(1);
            }
            return new StoreHealth(store.storeId(), store.chainId(), "OPEN", "CLOSED_HOURS", closedSince.toInstant(),
                    failureRate, slowCallRate, null);
        }
        if (local.isPresent()) {
            CircuitBreaker breaker = local.get();
            CircuitBreaker.State state = breaker.getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
                String reason = shared.filter(s -> s.reason() != null).map(BreakerState::reason)
                        .orElse(failureRate != null && failureRate >= breaker.getCircuitBreakerConfig().getFailureRateThreshold()
                                ? "FAILURE_RATE" : "SLOW_CALLS");
                Instant since = shared.map(BreakerState::since).orElse(null);
                return new StoreHealth(store.storeId(), store.chainId(), state.name(), reason, since, failureRate, slowCallRate, null);
            }
            return new StoreHealth(store.storeId(), store.chainId(), "CLOSED", null,
                    shared.filter(s -> "CLOSED".equals(s.state())).map(BreakerState::since).orElse(null),
                    failureRate, slowCallRate, null);
        }
        if (shared.isPresent() && "OPEN".equals(shared.get().state()) && shared.get().until() != null
                && shared.get().until().isAfter(now)) {
            BreakerState s = shared.get();
            return new StoreHealth(store.storeId(), store.chainId(), "OPEN", s.reason(), s.since(),
                    rate(s.failureRate()), rate(s.slowCallRate()), null);
        }
        return new StoreHealth(store.storeId(), store.chainId(), "CLOSED", null, null, failureRate, slowCallRate, null);
    }

    private static Float rate(float value) {
        return value < 0 ? null : value;
    }
}
