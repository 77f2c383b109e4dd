package io.aisle.simulator.rider;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.RiderEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers rider events to the callback URL: POSTed as JSON with fresh {@link HmacSigner} headers
 * on every attempt (a retry is a new message with the same event id), retried with exponential
 * backoff and jitter on 5xx, 408, 429 and connection failures, given up after the configured
 * attempts or at once on any other 4xx. The returned future completes when the event was delivered
 * or given up, never fails, so the next event of the trip can follow.
 */
final class RiderEventCourier {

    private static final Logger LOG = LoggerFactory.getLogger(RiderEventCourier.class);

    private final Vertx vertx;
    private final WebClient client;
    private final HmacSigner signer;
    private final RiderSimulatorConfig.EventDelivery policy;
    private final String host;
    private final int port;
    private final String path;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private volatile boolean closed;

    RiderEventCourier(Vertx vertx, String callbackUrl, HmacSigner signer, RiderSimulatorConfig.EventDelivery policy) {
        this.vertx = vertx;
        this.signer = signer;
        this.policy = policy;
        URI uri = URI.create(callbackUrl);
        boolean ssl = "https".equals(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.path = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
        WebClientOptions options = new WebClientOptions()
                .setSsl(ssl)
                .setKeepAlive(true)
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, policy.callTimeout().toMillis()))
                .setUserAgent("aisle-rider-dispatch-simulator");
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(policy.maxConnections())
                .setMaxWaitQueueSize(policy.maxConnections() * 64);
        this.client = WebClient.create(vertx, options, pool);
    }

    Future<Void> deliver(RiderEvent event) {
        if (closed) {
            return Future.succeededFuture();
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            failed.increment();
            LOG.error("rider event {} of trip {} cannot be written as JSON", event.eventId(), event.tripId(), e);
            return Future.succeededFuture();
        }
        return attempt(event, Buffer.buffer(body), 1);
    }

    long sent() {
        return sent.sum();
    }

    long failed() {
        return failed.sum();
    }

    long retried() {
        return retried.sum();
    }

    /** Stops delivering: events in flight are dropped, none are retried. */
    void close() {
        closed = true;
        client.close();
    }

    private Future<Void> attempt(RiderEvent event, Buffer body, int attempt) {
        HmacSigner.Signature signature = signer.sign(body.getBytes());
        long timeout = policy.callTimeout().toMillis();
        return client.post(port, host, path)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .putHeader(HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                .putHeader(HmacSigner.NONCE_HEADER, signature.nonce())
                .putHeader(HmacSigner.SIGNATURE_HEADER, signature.signature())
                .timeout(timeout)
                .sendBuffer(body)
                .timeout(timeout, TimeUnit.MILLISECONDS)
                .expecting(HttpResponseExpectation.SC_SUCCESS.wrappingFailure((head, error) -> new Refused(head.statusCode())))
                .<Void>mapEmpty()
                .onSuccess(ignored -> sent.increment())
                .recover(error -> {
                    if (closed) {
                        return Future.succeededFuture();
                    }
                    boolean retryable = !(error instanceof Refused refused) || refused.retryable();
                    if (!retryable || attempt >= policy.maxAttempts()) {
                        failed.increment();
                        LOG.warn("gave up on {} event {} of trip {} after {} attempt(s): {}", event.type(), event.eventId(),
                                event.tripId(), attempt, error.toString());
                        return Future.succeededFuture();
                    }
                    retried.increment();
                    return vertx.timer(backoffMillis(attempt)).compose(ignored -> attempt(event, body, attempt + 1));
                });
    }

    /** The first backoff doubled per attempt, capped, with up to 20 % jitter either way. */
    private long backoffMillis(int attempt) {
        long base = policy.firstBackoff().toMillis();
        long cap = policy.maxBackoff().toMillis();
        long wait = attempt >= 31 ? cap : Math.min(cap, base << (attempt - 1));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Math.max(1, Math.round(wait * jitter));
    }

    /** The receiver answered, but not with a 2xx. */
    private static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status) {
            super("callback answered " + status, null, false, false);
            this.status = status;
        }

        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }
    }
}
