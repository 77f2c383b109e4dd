package io.aisle.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.api.OrderEvent;
import io.aisle.gateway.auth.ClientDirectory;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.outbox.OutboxHandler;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.outbox.Undeliverable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends order status webhooks (outbox topic {@value #TOPIC}) to the URL the client registered.
 * The body is the {@link OrderEvent} as JSON, signed with the client's secret by {@link HmacSigner}
 * (a fresh timestamp and nonce per attempt), with the event id in {@value #EVENT_ID_HEADER}. Any 2xx
 * within the timeout acknowledges; anything else fails, and the relay tries again later. A client
 * without a webhook URL wants no webhooks: its messages are acknowledged without a request.
 *
 * <p>Outbox payload: {@code {"clientId": "...", "event": <OrderEvent>}}; build it with
 * {@link #message(String, OrderEvent)}.
 */
public final class WebhookHandler implements OutboxHandler {

    public static final String TOPIC = "order.webhook";
    public static final String EVENT_ID_HEADER = "X-Aisle-Event-Id";

    private final WebClient client;
    private final WebhookTargets targets;
    private final Clock clock;
    private final long timeoutMs;
    private final GatewayMetrics metrics;

    public WebhookHandler(Vertx vertx, ClientDirectory clients, Clock clock, WebhookConfig config) {
        this(vertx, clients, clock, config, GatewayMetrics.none());
    }

    /** As the other constructor; every delivery attempt is counted in {@code metrics}: delivered, or failed (tried again later). */
    public WebhookHandler(Vertx vertx, ClientDirectory clients, Clock clock, WebhookConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.timeoutMs = config.timeout().toMillis();
        this.clock = clock;
        this.targets = new WebhookTargets(clients, clock, config.clientCacheTtl());
        this.client = WebClient.create(vertx,
                new WebClientOptions()
                        .setMetricsName("webhooks")
                        // webhooks are sent in the background (outbox): each is traced, its traceparent sent to the super-app
                        .setTracingPolicy(TracingPolicy.ALWAYS)
                        .setUserAgent("aisle-webhooks/1")
                        .setFollowRedirects(false)
                        .setConnectTimeout((int) timeoutMs),
                new PoolOptions()
                        .setHttp1MaxSize(config.maxConnectionsPerHost())
                        .setMaxWaitQueueSize(config.maxWaitQueue()));
    }

    /** The outbox message that pushes {@code event} to client {@code clientId}, in order with the order's other events. */
    public static OutboxMessage message(String clientId, OrderEvent event) {
        JsonObject payload = new JsonObject().put("clientId", clientId).put("event", new JsonObject(Buffer.buffer(encode(event))));
        return new OutboxMessage(TOPIC, event.orderId(), "webhook:" + event.eventId(), payload, event.orderId());
    }

    @Override
    public Future<Void> handle(OutboxMessage message) {
        String clientId;
        OrderEvent event;
        try {
            clientId = message.payload().getString("clientId");
            event = Json.mapper().readValue(message.payload().getJsonObject("event").encode(), OrderEvent.class);
        } catch (JsonProcessingException | RuntimeException malformed) {
            return Future.failedFuture(new Undeliverable("malformed webhook payload: " + malformed.getMessage()));
        }
        if (clientId == null) {
            return Future.failedFuture(new Undeliverable("webhook payload without clientId"));
        }
        return targets.find(clientId).compose(target -> {
            if (target.isEmpty()) {
                return Future.failedFuture(new Undeliverable("no client " + clientId));
            }
            if (target.get().url() == null || target.get().url().isBlank()) {
                return Future.succeededFuture();
            }
            return post(target.get(), event).andThen(delivered -> metrics.webhookDelivery(delivered.succeeded() ? "delivered" : "failed"));
        });
    }

    /** Closes the HTTP client. */
    public void close() {
        client.close();
    }

    private Future<Void> post(WebhookTargets.Target target, OrderEvent event) {
        HmacSigner signer;
        HttpRequest<Void> request;
        try {
            signer = new HmacSigner(target.secret(), clock, HmacSigner.DEFAULT_TOLERANCE);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new WebhookFailed("client " + target.clientId()
                    + " has a webhook URL but no signing secret of at least 16 characters"));
        }
        try {
            String scheme = URI.create(target.url()).getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            request = client.postAbs(target.url()).as(BodyCodec.none());
        } catch (RuntimeException e) {
            return Future.failedFuture(new WebhookFailed("webhook URL of client " + target.clientId() + " is not usable: "
                    + e.getMessage()));
        }
        byte[] body = encode(event);
        HmacSigner.Signature signature = signer.sign(body);
        return request
                .timeout(timeoutMs)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .putHeader(EVENT_ID_HEADER, event.eventId())
                .putHeader(HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                .putHeader(HmacSigner.NONCE_HEADER, signature.nonce())
                .putHeader(HmacSigner.SIGNATURE_HEADER, signature.signature())
                .sendBuffer(Buffer.buffer(body))
                .expecting(HttpResponseExpectation.SC_SUCCESS)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(new WebhookFailed("webhook to " + target.url() + " failed: "
                        + describe(failure))));
    }

    private String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "no answer within " + timeoutMs + " ms";
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    static byte[] encode(OrderEvent event) {
        try {
            return Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OrderEvent always serialises", e);
        }
    }

    /** A webhook that was not acknowledged; the relay tries it again. */
    static final class WebhookFailed extends RuntimeException {
        WebhookFailed(String message) {
            super(message, null, false, false);
        }
    }
}
