package io.aisle.gateway.webhook;

import java.time.Duration;

/**
 * How status webhooks are sent.
 *
 * @param timeout               a receiver that has not answered 2xx by then has failed (the contract says 5 s)
 * @param maxConnectionsPerHost connections kept per receiver host; more requests wait in a bounded queue
 * @param maxWaitQueue          requests that may wait for a connection; beyond it a send fails (and is retried)
 * @param clientCacheTtl        how long a client's webhook URL and secret are used before they are read again
 */
public record WebhookConfig(Duration timeout, int maxConnectionsPerHost, int maxWaitQueue, Duration clientCacheTtl) {

    public WebhookConfig {
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
        }
        if (maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1, got " + maxConnectionsPerHost);
        }
        if (maxWaitQueue < 0) {
            throw new IllegalArgumentException("maxWaitQueue must not be negative, got " + maxWaitQueue);
        }
        if (clientCacheTtl == null || clientCacheTtl.isNegative()) {
            throw new IllegalArgumentException("clientCacheTtl must not be negative, got " + clientCacheTtl);
        }
    }

    /** 5 s per webhook, 16 connections per receiver host, 512 waiting, client settings cached 30 s. */
    public static WebhookConfig defaults() {
        return new WebhookConfig(Duration.ofSeconds(5), 16, 512, Duration.ofSeconds(30));
    }
}
