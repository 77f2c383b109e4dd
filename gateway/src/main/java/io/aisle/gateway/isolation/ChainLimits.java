package io.aisle.gateway.isolation;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * A chain's bulkhead (concurrent calls) and rate limiter (its partner quota). Both are asked without
 * waiting: maxWaitDuration and timeoutDuration are zero, so nothing ever blocks an event loop.
 */
public final class ChainLimits {

    private final String chainId;
    private final Bulkhead bulkhead;
    private final RateLimiterRegistry rateLimiters;
    private volatile RateLimiter rateLimiter;

    /** Made in (and so reported by) the given registries, named {@code chain-<chainId>}. */
    ChainLimits(String chainId, int maxConcurrentCalls, int callsPerSecond, BulkheadRegistry bulkheads,
                RateLimiterRegistry rateLimiters) {
        this.chainId = chainId;
        this.rateLimiters = rateLimiters;
        this.bulkhead = bulkheads.bulkhead("chain-" + chainId, BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrentCalls)
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.rateLimiter = rateLimiters.rateLimiter("chain-" + chainId, rateLimiterConfig(callsPerSecond));
    }

    private static RateLimiterConfig rateLimiterConfig(int callsPerSecond) {
        return RateLimiterConfig.custom()
                .limitForPeriod(callsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    private static RateLimiter rateLimiter(String chainId, int callsPerSecond) {
        return RateLimiter.of("chain-" + chainId, rateLimiterConfig(callsPerSecond));
    }

    public String chainId() {
        return chainId;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    void update(int maxConcurrentCalls, int callsPerSecond) {
        if (bulkhead.getBulkheadConfig().getMaxConcurrentCalls() != maxConcurrentCalls) {
            bulkhead.changeConfig(BulkheadConfig.from(bulkhead.getBulkheadConfig()).maxConcurrentCalls(maxConcurrentCalls).build());
        }
        if (rateLimiter.getRateLimiterConfig().getLimitForPeriod() != callsPerSecond) {
            // a new quota applies at once, not from the limiter's next refresh period
            RateLimiter replacement = rateLimiter(chainId, callsPerSecond);
            rateLimiters.replace(replacement.getName(), replacement);
            rateLimiter = replacement;
        }
    }
}
