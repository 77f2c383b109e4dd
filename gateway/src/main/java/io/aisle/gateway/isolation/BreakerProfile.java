package io.aisle.gateway.isolation;

import io.aisle.adapters.spi.PartnerFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;

/**
 * A named circuit breaker profile for the stores of a chain. Time-based window with a small minimum
 * of calls, so a dead store opens within seconds at the few calls per second one store sees; each
 * failed probe doubles the time it stays open, up to {@code maxOpenDuration}.
 * Only faults of the store count as failures (timeouts, unavailability, garbage); a refused hold or a
 * partner asking us to slow down is an answer and counts as a success.
 */
public record BreakerProfile(
        String name,
        float failureRateThreshold,
        float slowCallRateThreshold,
        Duration slowCallDuration,
        int windowSeconds,
        int minimumCalls,
        Duration openDuration,
        Duration maxOpenDuration,
        int halfOpenCalls) {

    public BreakerProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a breaker profile has a name");
        }
        if (failureRateThreshold <= 0 || failureRateThreshold > 100 || slowCallRateThreshold <= 0 || slowCallRateThreshold > 100) {
            throw new IllegalArgumentException("breaker profile " + name + ": rate thresholds are percentages in (0, 100]");
        }
        if (windowSeconds < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("breaker profile " + name + ": window, minimum calls and half-open calls are positive");
        }
        if (slowCallDuration == null || slowCallDuration.isNegative() || slowCallDuration.isZero()
                || openDuration == null || openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("breaker profile " + name + ": durations are positive");
        }
        if (maxOpenDuration == null || maxOpenDuration.compareTo(openDuration) < 0) {
            maxOpenDuration = openDuration;
        }
    }

    CircuitBreakerConfig toConfig(Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(windowSeconds, minimumCalls, CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .failureRateThreshold(failureRateThreshold)
                .slowCallRateThreshold(slowCallRateThreshold)
                .slowCallDurationThreshold(slowCallDuration)
                // a store that fails its probes again stays out longer: 10 s, 20 s, 40 s ... up to the maximum
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(openDuration, 2.0, maxOpenDuration))
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(BreakerProfile::isStoreFault)
                // a call our own limiter or bulkhead refused never reached the store: it neither counts nor holds a probe slot
                .ignoreException(failure -> failure instanceof Rejection)
                .clock(clock)
                .build();
    }

    static boolean isStoreFault(Throwable failure) {
        if (failure instanceof PartnerFailure pf) {
            return switch (pf.kind()) {
                case TIMEOUT, UNAVAILABLE, MALFORMED -> true;
                case REJECTED, RATE_LIMITED -> false;
            };
        }
        return true;
    }
}
