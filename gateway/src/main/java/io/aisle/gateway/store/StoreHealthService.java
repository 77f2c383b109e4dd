package io.aisle.gateway.store;

import io.aisle.contracts.api.BreakerState;
import io.aisle.contracts.api.HealthReason;
import io.aisle.contracts.api.StoreHealth;
import io.aisle.gateway.isolation.BreakerBroadcast;
import io.aisle.gateway.isolation.Isolation;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store's health as operators see it: a manual pause first, then opening hours (both FORCED_OPEN:
 * out of service by decision), then its circuit breaker (this instance's, which follows the
 * transitions other instances share, or the stored shared state).
 */
public final class StoreHealthService {

    private final StoreRegistry registry;
    private final Isolation isolation;
    private final BreakerBroadcast broadcast;
    private final Clock clock;
    private final Instant startedAt;

    public StoreHealthService(StoreRegistry registry, Isolation isolation, BreakerBroadcast broadcast, Clock clock) {
        this.registry = registry;
        this.isolation = isolation;
        this.broadcast = broadcast;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public Future<Optional<StoreHealth>> health(String storeId) {
        return registry.find(storeId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            return broadcast.stored(storeId)
                    .recover(failure -> Future.succeededFuture(Optional.empty()))
                    .map(shared -> Optional.of(health(found.get(), shared)));
        });
    }

    /** Pauses a store: it is skipped by every quote until resumed. Empty when there is no such store. */
    public Future<Optional<StoreHealth>> pause(String storeId, String reason) {
        return registry.pause(storeId, reason).compose(exists -> exists ? health(storeId) : Future.succeededFuture(Optional.empty()));
    }

    public Future<Optional<StoreHealth>> resume(String storeId) {
        return registry.resume(storeId).compose(exists -> exists ? health(storeId) : Future.succeededFuture(Optional.empty()));
    }

    /**
     * The health of these stores (the registry's records, e.g. from {@link StoreRegistry#stores()}), with
     * the shared breaker states read in one round trip; without them (Redis away) from this instance's breakers.
     */
    public Future<List<StoreHealth>> health(List<Store> stores) {
        return broadcast.stored(stores.stream().map(Store::storeId).toList())
                .recover(failure -> Future.succeededFuture(Map.of()))
                .map(shared -> stores.stream().map(store -> health(store, Optional.ofNullable(shared.get(store.storeId())))).toList());
    }

    /** The state alone, without I/O: for listings. */
    public BreakerState stateOf(Store store) {
        if (store.paused() || !store.isOpenAt(clock.instant())) {
            return BreakerState.FORCED_OPEN;
        }
        return isolation.existingBreaker(store.storeId()).map(b -> switch (b.getState()) {
            case OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            case FORCED_OPEN -> BreakerState.FORCED_OPEN;
            default -> BreakerState.CLOSED;
        }).orElse(BreakerState.CLOSED);
    }

    StoreHealth health(Store store, Optional<io.aisle.gateway.isolation.BreakerState> shared) {
        Instant now = clock.instant();
        Optional<CircuitBreaker> local = isolation.existingBreaker(store.storeId());
        Double failureRate = local.map(b -> rate(b.getMetrics().getFailureRate())).orElse(null);
        Double slowCallRate = local.map(b -> rate(b.getMetrics().getSlowCallRate())).orElse(null);
        if (store.paused()) {
            return new StoreHealth(store.storeId(), BreakerState.FORCED_OPEN, HealthReason.MANUAL_PAUSE,
                    store.pausedAt() != null ? store.pausedAt() : now, failureRate, slowCallRate);
        }
        if (!store.isOpenAt(now)) {
            ZonedDateTime local0 = now.atZone(store.timeZone());
            ZonedDateTime closedSince = local0.with(store.closesAt());
            if (closedSince.isAfter(local0)) {
                closedSince = closedSince.minusDays(1);
            }
            return new StoreHealth(store.storeId(), BreakerState.FORCED_OPEN, HealthReason.CLOSED_HOURS,
                    closedSince.toInstant(), failureRate, slowCallRate);
        }
        Instant sharedSince = shared.map(io.aisle.gateway.isolation.BreakerState::since).orElse(null);
        if (local.isPresent()) {
            CircuitBreaker breaker = local.get();
            CircuitBreaker.State state = breaker.getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
                HealthReason reason = shared.map(io.aisle.gateway.isolation.BreakerState::reason)
                        .map(HealthReason::valueOf)
                        .orElse(failureRate != null && failureRate >= breaker.getCircuitBreakerConfig().getFailureRateThreshold()
                                ? HealthReason.FAILURE_RATE : HealthReason.SLOW_CALLS);
                return new StoreHealth(store.storeId(), BreakerState.valueOf(state.name()), reason,
                        sharedSince != null ? sharedSince : now, failureRate, slowCallRate);
            }
            return StoreHealth.closed(store.storeId(), closedSince(shared), failureRate, slowCallRate);
        }
        if (shared.isPresent() && "OPEN".equals(shared.get().state()) && shared.get().until() != null
                && shared.get().until().isAfter(now) && shared.get().reason() != null) {
            io.aisle.gateway.isolation.BreakerState s = shared.get();
            return new StoreHealth(store.storeId(), BreakerState.OPEN, HealthReason.valueOf(s.reason()), s.since(),
                    rate(s.failureRate()), rate(s.slowCallRate()));
        }
        return StoreHealth.closed(store.storeId(), closedSince(shared), failureRate, slowCallRate);
    }

    /** When the breaker last closed, as shared; else since this instance started watching it. */
    private Instant closedSince(Optional<io.aisle.gateway.isolation.BreakerState> shared) {
        return shared.filter(s -> "CLOSED".equals(s.state())).map(io.aisle.gateway.isolation.BreakerState::since).orElse(startedAt);
    }

    private static Double rate(float value) {
        return value < 0 ? null : (double) value;
    }
}
