package io.aisle.adapters.http;

import io.aisle.adapters.spi.ChainEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.Objects;

/**
 * The one HTTP client of a chain, shared by every store of it: a keep-alive connection pool of at most
 * {@code maxConnections}, with at most {@code maxWaitQueue} requests waiting for a connection (a
 * request beyond that fails at once, see {@link PartnerFailures}), a connect timeout, and the chain's
 * {@code callTimeout} on every request as an idle timeout: a store that sends nothing for that long
 * fails the call with a timeout. Requests are relative to the endpoint's base URL and carry its API key
 * as a Bearer token.
 *
 * <p>No request sets a pool acquisition timeout (what {@code HttpRequest#timeout} also sets): in Vert.x
 * 5.0.7 a waiter cancelled by that timeout while a connection is being recycled to it is completed
 * twice ("Promise already completed" from {@code SharedHttpClientConnectionGroup}) and the connection
 * is lost to the pool; under load the pool ran dry that way and every call queued until it timed out.
 * Waiting for a connection is bounded by the wait queue and by the caller's own deadline (the
 * gateway's isolation layer times every call out itself).
 */
public final class ChainHttpClient {

    private final ChainEndpoint endpoint;
    private final WebClient client;
    private final String basePath;

    private ChainHttpClient(ChainEndpoint endpoint, WebClient client, String basePath) {
        this.endpoint = endpoint;
        this.client = client;
        this.basePath = basePath;
    }

    /** Creates the chain's pool; close it with {@link #close()}. */
    public static ChainHttpClient create(Vertx vertx, ChainEndpoint endpoint) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.baseUrl() == null) {
            throw new IllegalArgumentException("chain " + endpoint.chainId() + " has no base URL to call");
        }
        URI base = URI.create(endpoint.baseUrl());
        boolean ssl = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : (ssl ? 443 : 80);
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int connectTimeoutMs = (int) Math.max(50, Math.min(endpoint.callTimeout().toMillis(), 5_000));
        WebClientOptions options = new WebClientOptions()
                .setName("aisle-chain-" + endpoint.chainId())
                .setMetricsName("chain-" + endpoint.chainId())
                // within a request its trace goes on to the partner; calls in the background (outbox) start one of their own
                .setTracingPolicy(TracingPolicy.ALWAYS)
                .setUserAgent("aisle-gateway")
                .setDefaultHost(base.getHost())
                .setDefaultPort(port)
                .setSsl(ssl)
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setTcpNoDelay(true)
                .setConnectTimeout(connectTimeoutMs)
                .setFollowRedirects(false);
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(endpoint.maxConnections())
                .setMaxWaitQueueSize(endpoint.maxWaitQueue());
        return new ChainHttpClient(endpoint, WebClient.create(vertx, options, pool), path);
    }

    public ChainEndpoint endpoint() {
        return endpoint;
    }

    public String chainId() {
        return endpoint.chainId();
    }

    /**
     * A request to {@code path} below the base URL (e.g. {@code /v1/stores/s-1/holds/h-1}), with the
     * Bearer API key when the chain has one and the chain's call timeout. Add headers and send.
     */
    public HttpRequest<Buffer> request(HttpMethod method, String path) {
        HttpRequest<Buffer> request = client.request(method, basePath + path)
                .idleTimeout(endpoint.callTimeout().toMillis());
        if (endpoint.apiKey() != null && !endpoint.apiKey().isBlank()) {
            request.bearerTokenAuthentication(endpoint.apiKey());
        }
        return request;
    }

    /** Encodes one path segment (store, hold, order ids) for use in {@link #request}. */
    public static String segment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Closes the pool and its connections (WebClient closes without a future; this one completes at once). */
    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }
}
