package io.aisle.gateway.config;

import java.time.Duration;

/** Fan-out of a quote: how far and how many candidate stores, and how long the whole answer may take. */
public record QuoteConfig(double radiusKm, int maxCandidates, int defaultMaxStores, Duration deadline, Duration cacheTtl) {

    public QuoteConfig {
        Settings.require(radiusKm > 0 && radiusKm <= 50, "quote.radiusKm must be within (0, 50], got " + radiusKm);
        Settings.require(maxCandidates >= 1 && maxCandidates <= 200, "quote.maxCandidates must be within [1, 200], got " + maxCandidates);
        Settings.require(defaultMaxStores >= 1 && defaultMaxStores <= 5, "quote.defaultMaxStores must be within [1, 5], got " + defaultMaxStores);
        Settings.require(deadline != null && deadline.toMillis() >= 10, "quote.deadlineMs must be at least 10");
        Settings.require(cacheTtl != null && !cacheTtl.isNegative(), "quote.cacheTtlMs must not be negative");
    }
}
