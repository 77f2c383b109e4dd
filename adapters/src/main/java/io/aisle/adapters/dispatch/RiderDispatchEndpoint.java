package io.aisle.adapters.dispatch;

import io.aisle.contracts.value.Checks;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach rider dispatch: the base URL of its API (for example
 * {@code http://127.0.0.1:8090/rider-dispatch}), the API key sent as a bearer token, and the bounds
 * of the client's HTTP pool. {@code maxConnections} and {@code maxWaitQueue} bound the pool so a
 * slow dispatch cannot make the gateway queue work without limit; {@code callTimeout} bounds each
 * call from sending the request to the last byte of the answer.
 */
public record RiderDispatchEndpoint(String baseUrl, String apiKey, int maxConnections, int maxWaitQueue,
                                    Duration callTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    public static final int DEFAULT_MAX_WAIT_QUEUE = 256;
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(2);

    public RiderDispatchEndpoint {
        Checks.requireText(baseUrl, "baseUrl of rider dispatch");
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl of rider dispatch is not a URL: " + baseUrl, e);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("baseUrl of rider dispatch must be an http(s) URL, got " + baseUrl);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("baseUrl of rider dispatch must not have a query or fragment, got " + baseUrl);
        }
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        Checks.requireText(apiKey, "apiKey of rider dispatch");
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
        if (maxWaitQueue < 0) {
            throw new IllegalArgumentException("maxWaitQueue must not be negative, got " + maxWaitQueue);
        }
        Checks.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
    }

    /** An endpoint with the default pool bounds and call timeout. */
    public static RiderDispatchEndpoint of(String baseUrl, String apiKey) {
        return new RiderDispatchEndpoint(baseUrl, apiKey, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_WAIT_QUEUE, DEFAULT_CALL_TIMEOUT);
    }

    public RiderDispatchEndpoint withCallTimeout(Duration timeout) {
        return new RiderDispatchEndpoint(baseUrl, apiKey, maxConnections, maxWaitQueue, timeout);
    }

    public RiderDispatchEndpoint withApiKey(String key) {
        return new RiderDispatchEndpoint(baseUrl, key, maxConnections, maxWaitQueue, callTimeout);
    }

    /** The URI of the base URL, parsed. */
    URI uri() {
        return URI.create(baseUrl);
    }

    @Override
    public String toString() {
        return "RiderDispatchEndpoint[baseUrl=" + baseUrl + ", apiKey=***, maxConnections=" + maxConnections
                + ", maxWaitQueue=" + maxWaitQueue + ", callTimeout=" + callTimeout + "]";
    }
}
