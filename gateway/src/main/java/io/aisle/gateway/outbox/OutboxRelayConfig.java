package io.aisle.gateway.outbox;

import java.time.Duration;

/**
 * How the outbox relay works.
 *
 * @param pollInterval   how often it looks for due rows (besides {@link OutboxRelay#wake()})
 * @param batchSize      at most this many rows per batch (one per topic and aggregate)
 * @param concurrency    at most this many batches in flight per relay; each holds a database connection
 *                       while it sends
 * @param handlerTimeout a handler that has not answered by then has failed; it also bounds how long a
 *                       batch holds its row locks
 * @param backoff        the wait before a failed row is tried again
 * @param maxAttempts    a row that failed this many times is given up (DEAD)
 * @param maxAge         a row that failed and is older than this is given up (DEAD)
 */
public record OutboxRelayConfig(Duration pollInterval, int batchSize, int concurrency, Duration handlerTimeout,
                                Backoff backoff, int maxAttempts, Duration maxAge) {

    public OutboxRelayConfig {
        requirePositive(pollInterval, "pollInterval");
        requirePositive(handlerTimeout, "handlerTimeout");
        requirePositive(maxAge, "maxAge");
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batchSize must be 1 to 1000, got " + batchSize);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("concurrency must be 1 to 64, got " + concurrency);
        }
        if (backoff == null) {
            throw new IllegalArgumentException("backoff is required");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /**
     * Polls every 200 ms, 32 rows a batch, 4 batches in flight, 10 s per handler, backoff 200 ms to
     * 60 s, and gives a row up after 2,000 failed attempts or when it is older than 25 hours: with a
     * 60 s cap, a receiver is retried for more than the 24 hours the webhook contract promises.
     */
    public static OutboxRelayConfig defaults() {
        return new OutboxRelayConfig(Duration.ofMillis(200), 32, 4, Duration.ofSeconds(10),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(60)), 2000, Duration.ofHours(25));
    }

    private static void requirePositive(Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
