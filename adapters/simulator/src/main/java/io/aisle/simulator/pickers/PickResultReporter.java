package io.aisle.simulator.pickers;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.value.Checks;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.Fleet;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the simulated chains' pick results to the gateway, as a chain does: {@code POST
 * {gateway}/partner/v1/chains/{chainId}/pick-results} with the PickResult as JSON, signed with the chain's
 * secret ({@link HmacSigner} headers, a fresh nonce per attempt). A post that got no answer, timed out,
 * or was answered 408, 409 (nonce seen), 429 or 5xx is tried again after a backoff that doubles from
 * {@code firstBackoff} up to {@code maxBackoff} (at least what a {@code Retry-After} asks), at most
 * {@code maxAttempts} times in all; any other 4xx is a refusal and is not repeated. Thread-safe; the
 * returned future completes on the caller's context.
 *
 * <p>Counters for {@code GET /sim/stats}: {@code pickResultsPosted} (posts the gateway accepted),
 * {@code pickResultsFailed} (posts it did not: each failed attempt counts, as the push-only chains count
 * theirs), {@code pickResultsAbandoned} (results given up: refused, or out of attempts).
 */
public final class PickResultReporter {

    /** Where the gateway is unless configured: dev mode's address. */
    public static final String DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080";
    /** The system property (set from FleetMain's {@code --gateway-url}) and, failing that, the environment variable. */
    public static final String GATEWAY_URL_PROPERTY = "aisle.fleet.gateway-url";
    public static final String GATEWAY_URL_ENV = "AISLE_FLEET_GATEWAY_URL";

    private static final Logger LOG = LoggerFactory.getLogger(PickResultReporter.class);
    private static final long LOG_EVERY_MS = 30_000;

    /**
     * How hard the reporter tries.
     *
     * @param maxAttempts    posts per result at most, the first included
     * @param firstBackoff   the wait after the first failed post; it doubles with every further one
     * @param maxBackoff     the longest wait between two posts
     * @param callTimeout    the longest one post may take
     * @param maxConnections connections to the gateway at once, at most
     */
    public record Settings(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration callTimeout, int maxConnections) {

        public Settings {
            Checks.requirePositive(maxAttempts, "maxAttempts");
            requirePositive(firstBackoff, "firstBackoff");
            requirePositive(maxBackoff, "maxBackoff");
            requirePositive(callTimeout, "callTimeout");
            Checks.requirePositive(maxConnections, "maxConnections");
            if (maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
            }
        }

        /** Ten posts over about two and a half minutes (0.5 s doubling up to 30 s), 2 s each, 64 connections. */
        public static Settings defaults() {
            return new Settings(10, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(2), 64);
        }

        public Settings withBackoff(Duration first, Duration max) {
            return new Settings(maxAttempts, first, max, callTimeout, maxConnections);
        }

        private static void requirePositive(Duration value, String field) {
            Checks.requireNonNull(value, field);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(field + " must be positive, got " + value);
            }
        }
    }

    /** Why a result was given up. */
    public static final class NotReported extends RuntimeException {
        NotReported(String message) {
            super(message, null, false, false);
        }
    }

    private final Vertx vertx;
    private final Clock clock;
    private final String resultsBase;
    private final Settings settings;
    private final Map<String, HmacSigner> signers;
    private final WebClient client;
    private final LongAdder posted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder warningsSkipped = new LongAdder();

    /** Reports to the gateway at {@code gatewayUrl} (e.g. {@code http://127.0.0.1:8080}) with the {@linkplain Settings#defaults() default settings}. */
    public PickResultReporter(Vertx vertx, String gatewayUrl, Fleet fleet) {
        this(vertx, gatewayUrl, fleet, Settings.defaults());
    }

    public PickResultReporter(Vertx vertx, String gatewayUrl, Fleet fleet, Settings settings) {
        this.vertx = Checks.requireNonNull(vertx, "vertx");
        Checks.requireNonNull(fleet, "fleet");
        this.clock = fleet.clock();
        this.settings = Checks.requireNonNull(settings, "settings");
        URI gateway = gatewayUri(gatewayUrl);
        String base = gateway.toString();
        this.resultsBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/partner/v1/chains/";
        Map<String, HmacSigner> bySecret = new HashMap<>();
        for (ChainSpec chain : fleet.chains().values()) {
            bySecret.put(chain.chainId(), new HmacSigner(chain.signingSecret(), fleet.clock(), HmacSigner.DEFAULT_TOLERANCE));
        }
        this.signers = Map.copyOf(bySecret);
        this.client = WebClient.create(vertx, new WebClientOptions()
                        .setName("aisle-pick-result-reporter")
                        .setUserAgent("aisle-pick-result-reporter")
                        .setSsl("https".equals(gateway.getScheme()))
                        .setKeepAlive(true)
                        .setFollowRedirects(false)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.callTimeout().toMillis())),
                new PoolOptions().setHttp1MaxSize(settings.maxConnections()).setMaxWaitQueueSize(settings.maxConnections() * 64));
    }

    /**
     * The gateway URL from the system property {@value #GATEWAY_URL_PROPERTY}, else the environment variable
     * {@value #GATEWAY_URL_ENV}, else {@value #DEFAULT_GATEWAY_URL}: the same setting the push-only chains
     * and rider dispatch call back to.
     */
    public static String gatewayUrlFromEnvironment() {
        String value = System.getProperty(GATEWAY_URL_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(GATEWAY_URL_ENV);
        }
        return value == null || value.isBlank() ? DEFAULT_GATEWAY_URL : value.strip();
    }

    /**
     * Posts the result of a pick list of a store of {@code chainId}, trying again as the class says.
     * Succeeds once the gateway accepted it; fails with {@link NotReported} when it was refused or every
     * attempt failed.
     */
    public Future<Void> report(String chainId, PickResult result) {
        HmacSigner signer = signers.get(chainId);
        if (signer == null) {
            abandoned.increment();
            return Future.failedFuture(new NotReported("no chain " + chainId + " in this fleet"));
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            abandoned.increment();
            return Future.failedFuture(new NotReported("cannot write the pick result " + result.pickListId() + ": " + e.getMessage()));
        }
        return attempt(resultsBase + chainId + "/pick-results", signer, body, result, 1);
    }

    private Future<Void> attempt(String uri, HmacSigner signer, byte[] body, PickResult result, int attempt) {
        return post(uri, signer, body).transform(answer -> {
            int status = answer.succeeded() ? answer.result().statusCode() : -1;
            if (status >= 200 && status < 300) {
                posted.increment();
                return Future.succeededFuture();
            }
            failed.increment();
            String what = answer.succeeded() ? "HTTP " + status + " " + answer.result().bodyAsString() : String.valueOf(answer.cause());
            if (!retryable(status)) {
                return abandon("the gateway refused pick result " + result.pickListId() + " of " + result.storeId() + ": " + what);
            }
            if (attempt >= settings.maxAttempts()) {
                return abandon("pick result " + result.pickListId() + " of " + result.storeId() + " not taken after " + attempt
                        + " attempts, last: " + what);
            }
            LOG.debug("pick result {} of {} not taken ({}), trying again", result.pickListId(), result.storeId(), what);
            return vertx.timer(backoffMillis(attempt, retryAfterMillis(answer)))
                    .compose(ignored -> attempt(uri, signer, body, result, attempt + 1));
        });
    }

    private Future<HttpResponse<Buffer>> post(String uri, HmacSigner signer, byte[] body) {
        HmacSigner.Signature signature = signer.sign(body);
        return client.postAbs(uri)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .putHeader(HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                .putHeader(HmacSigner.NONCE_HEADER, signature.nonce())
                .putHeader(HmacSigner.SIGNATURE_HEADER, signature.signature())
                .timeout(settings.callTimeout().toMillis())
                .sendBuffer(Buffer.buffer(body))
                .timeout(settings.callTimeout().toMillis() + 100, TimeUnit.MILLISECONDS);
    }

    /** No answer, a timeout, a nonce the gateway saw (a fresh one is used next), over quota, or the gateway's own trouble. */
    private static boolean retryable(int status) {
        return status < 0 || status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private long backoffMillis(int failedAttempts, long retryAfterMillis) {
        long first = settings.firstBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long doubled = Math.min(max, first << Math.min(30, failedAttempts - 1));
        // +-20 % so that results held back together do not come back together
        long jittered = Math.round(doubled * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        return Math.max(1, Math.min(max, Math.max(jittered, retryAfterMillis)));
    }

    private static long retryAfterMillis(AsyncResult<HttpResponse<Buffer>> answer) {
        if (answer.failed()) {
            return 0;
        }
        String header = answer.result().getHeader(HttpHeaders.RETRY_AFTER.toString());
        try {
            return header == null ? 0 : Math.max(0, Long.parseLong(header.strip())) * 1_000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Future<Void> abandon(String message) {
        abandoned.increment();
        warn(message);
        return Future.failedFuture(new NotReported(message));
    }

    /** At most one warning per 30 s, saying how many were left out. */
    private void warn(String message) {
        long now = clock.millis();
        long last = lastWarning.get();
        if (last != Long.MIN_VALUE && now - last < LOG_EVERY_MS || !lastWarning.compareAndSet(last, now)) {
            warningsSkipped.increment();
            return;
        }
        long skipped = warningsSkipped.sumThenReset();
        if (skipped > 0) {
            LOG.warn("pick results: {} (and {} more in the last 30 s)", message, skipped);
        } else {
            LOG.warn("pick results: {}", message);
        }
    }

    /** pickResultsPosted, pickResultsFailed, pickResultsAbandoned: see the class. */
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("pickResultsPosted", posted.sum());
        stats.put("pickResultsFailed", failed.sum());
        stats.put("pickResultsAbandoned", abandoned.sum());
        return stats;
    }

    /** Closes the connections to the gateway; results still being tried fail. */
    public void close() {
        client.close();
    }

    private static URI gatewayUri(String gatewayUrl) {
        Checks.requireText(gatewayUrl, "gatewayUrl");
        URI uri;
        try {
            uri = URI.create(gatewayUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gatewayUrl must be an http(s) URL, got " + gatewayUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("gatewayUrl must be an http(s) URL, got " + gatewayUrl);
        }
        return uri;
    }
}
