package io.aisle.adapters.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.PartnerFailure.Kind;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.Trip;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.problem.Problem;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.HttpResponseHead;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link RiderDispatch} over the rider dispatch HTTP API:
 * <ul>
 *   <li>{@code PUT {base}/v1/trips/{tripId}} with a TripRequest: 201 new trip, 200 replayed trip;</li>
 *   <li>{@code GET {base}/v1/trips/{tripId}}: 200 Trip or 404;</li>
 *   <li>{@code POST {base}/v1/trips/{tripId}/cancel} with {@code {"reason"}}: 200 Trip, 409 once picked up;</li>
 *   <li>{@code POST {base}/v1/trips/{tripId}/ready} with a BagsReady notice: 200 Trip.</li>
 * </ul>
 * Every call carries {@code Authorization: Bearer <apiKey>} and is bounded by the endpoint's call
 * timeout. Connections come from one pool sized and bounded by the endpoint; a call that finds the
 * pool and its wait queue full fails at once (UNAVAILABLE) instead of queueing without limit.
 *
 * <p>Failures: no complete answer in time is TIMEOUT; 429 is RATE_LIMITED (with Retry-After); any
 * other 4xx, including 409 and 404, is REJECTED; 5xx, refused or reset connections are UNAVAILABLE;
 * a 2xx body that is not a Trip of the requested id is MALFORMED.
 */
public final class HttpRiderDispatchClient implements RiderDispatch {

    /** The chain id rider dispatch failures carry, so the gateway counts them like a partner's. */
    public static final String PARTNER_ID = "rider-dispatch";

    private static final String JSON = "application/json";
    private static final String DEFAULT_CANCEL_REASON = "cancelled by Aisle";
    private static final int MAX_DETAIL = 300;

    private final RiderDispatchEndpoint endpoint;
    private final WebClient client;
    private final String basePath;
    private final long timeoutMillis;
    private final Clock clock;

    public HttpRiderDispatchClient(Vertx vertx, RiderDispatchEndpoint endpoint) {
        this(vertx, endpoint, Clock.systemUTC());
    }

    /** {@code clock} reads Retry-After headers given as an HTTP date. */
    public HttpRiderDispatchClient(Vertx vertx, RiderDispatchEndpoint endpoint, Clock clock) {
        this.endpoint = Checks.requireNonNull(endpoint, "endpoint");
        this.clock = Checks.requireNonNull(clock, "clock");
        this.timeoutMillis = Math.max(1, endpoint.callTimeout().toMillis());
        URI uri = endpoint.uri();
        boolean ssl = "https".equals(uri.getScheme());
        WebClientOptions options = new WebClientOptions()
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80)
                .setSsl(ssl)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setUserAgent("aisle-gateway")
                .setMetricsName("rider-dispatch")
                // trips are sent in the background (outbox): each call is traced, in a trace of its own when none is current
                .setTracingPolicy(TracingPolicy.ALWAYS);
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(endpoint.maxConnections())
                .setMaxWaitQueueSize(endpoint.maxWaitQueue());
        this.client = WebClient.create(vertx, options, pool);
        this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    @Override
    public Future<Trip> createTrip(TripRequest request) {
        if (request == null) {
            return rejectedLocally("a trip request is required");
        }
        Buffer body;
        try {
            body = Buffer.buffer(Json.mapper().writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            return rejectedLocally("trip " + request.tripId() + " cannot be written as JSON: " + e.getOriginalMessage());
        }
        String what = "create trip " + request.tripId();
        return send(client.put(tripPath(request.tripId())).putHeader(HttpHeaders.CONTENT_TYPE.toString(), JSON), body, what)
                .compose(response -> decodeTrip(what, request.tripId(), response));
    }

    @Override
    public Future<Trip> trip(String tripId) {
        if (!isValidId(tripId)) {
            return rejectedLocally("invalid trip id '" + tripId + "'");
        }
        String what = "get trip " + tripId;
        return send(client.get(tripPath(tripId)), null, what)
                .compose(response -> decodeTrip(what, tripId, response));
    }

    @Override
    public Future<Trip> cancelTrip(String tripId, String reason) {
        if (!isValidId(tripId)) {
            return rejectedLocally("invalid trip id '" + tripId + "'");
        }
        String why = reason == null || reason.isBlank() ? DEFAULT_CANCEL_REASON : reason;
        String what = "cancel trip " + tripId;
        Buffer body = new JsonObject().put("reason", why).toBuffer();
        return send(client.post(tripPath(tripId) + "/cancel").putHeader(HttpHeaders.CONTENT_TYPE.toString(), JSON), body, what)
                .compose(response -> decodeTrip(what, tripId, response));
    }

    @Override
    public Future<Trip> bagsReady(String tripId, BagsReady notice) {
        if (!isValidId(tripId)) {
            return rejectedLocally("invalid trip id '" + tripId + "'");
        }
        if (notice == null) {
            return rejectedLocally("a ready notice is required");
        }
        Buffer body;
        try {
            body = Buffer.buffer(Json.mapper().writeValueAsBytes(notice));
        } catch (JsonProcessingException e) {
            return rejectedLocally("the ready notice of trip " + tripId + " cannot be written as JSON: " + e.getOriginalMessage());
        }
        String what = "bags ready on trip " + tripId;
        return send(client.post(tripPath(tripId) + "/ready").putHeader(HttpHeaders.CONTENT_TYPE.toString(), JSON), body, what)
                .compose(response -> decodeTrip(what, tripId, response));
    }

    @Override
    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }

    private String tripPath(String tripId) {
        // Trip ids are letters, digits and - _ . : only (see Checks.requireId): safe in a path segment.
        return basePath + "/v1/trips/" + tripId;
    }

    /** Sends one call; succeeds with a 2xx response, fails with a PartnerFailure. */
    private Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, Buffer body, String what) {
        request.bearerTokenAuthentication(endpoint.apiKey())
                .putHeader(HttpHeaders.ACCEPT.toString(), JSON)
                // idle, not acquisition, timeout: see ChainHttpClient on the pool race; the future's timeout bounds the whole call
                .idleTimeout(timeoutMillis);
        Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
        return sent
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .recover(error -> Future.failedFuture(transportFailure(what, error)))
                .expecting(HttpResponseExpectation.SC_SUCCESS.wrappingFailure((head, error) -> statusFailure(what, head)));
    }

    private Future<Trip> decodeTrip(String what, String tripId, HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return malformed(what, "answered " + response.statusCode() + " without a body", null);
        }
        Trip trip;
        try {
            trip = Json.mapper().readValue(body.getBytes(), Trip.class);
        } catch (IOException | IllegalArgumentException e) {
            return malformed(what, "answered a body that is not a Trip: " + abbreviate(e.getMessage()), e);
        }
        if (trip == null) {
            return malformed(what, "answered a null Trip", null);
        }
        if (!tripId.equals(trip.tripId())) {
            return malformed(what, "answered trip " + trip.tripId() + " instead", null);
        }
        return Future.succeededFuture(trip);
    }

    private PartnerFailure transportFailure(String what, Throwable error) {
        if (error instanceof PartnerFailure failure) {
            return failure;
        }
        if (error instanceof TimeoutException) {
            return failure(Kind.TIMEOUT, what + ": no answer within " + timeoutMillis + " ms", null, error);
        }
        if (error instanceof ConnectionPoolTooBusyException) {
            return failure(Kind.UNAVAILABLE, what + ": all " + endpoint.maxConnections() + " connections busy and "
                    + endpoint.maxWaitQueue() + " calls already waiting", null, error);
        }
        return failure(Kind.UNAVAILABLE, what + ": " + error.getClass().getSimpleName() + ": " + abbreviate(error.getMessage()), null, error);
    }

    private PartnerFailure statusFailure(String what, HttpResponseHead head) {
        int status = head.statusCode();
        String detail = what + ": answered " + status + problemDetail(head);
        if (status == 429) {
            return failure(Kind.RATE_LIMITED, detail, retryAfter(head), null);
        }
        if (status >= 400 && status < 500) {
            return failure(Kind.REJECTED, detail, null, null);
        }
        if (status >= 500) {
            return failure(Kind.UNAVAILABLE, detail, retryAfter(head), null);
        }
        return failure(Kind.MALFORMED, detail + " (not a documented status)", null, null);
    }

    /** The problem's title and detail when the body is one, so the gateway's log says why. */
    private static String problemDetail(HttpResponseHead head) {
        if (!(head instanceof HttpResponse<?> response) || !(response.body() instanceof Buffer body) || body.length() == 0) {
            return "";
        }
        try {
            Problem problem = Json.mapper().readValue(body.getBytes(), Problem.class);
            String text = problem.title() != null ? problem.title() : problem.type();
            if (problem.detail() != null) {
                text = text + ": " + problem.detail();
            }
            return " (" + abbreviate(text) + ")";
        } catch (IOException | IllegalArgumentException e) {
            return "";
        }
    }

    private Duration retryAfter(HttpResponseHead head) {
        String value = head.getHeader("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isValidId(String tripId) {
        try {
            Checks.requireId(tripId, "tripId");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static <T> Future<T> malformed(String what, String detail, Throwable cause) {
        return Future.failedFuture(failure(Kind.MALFORMED, what + ": " + detail, null, cause));
    }

    private static <T> Future<T> rejectedLocally(String detail) {
        return Future.failedFuture(failure(Kind.REJECTED, detail + " (not sent)", null, null));
    }

    private static PartnerFailure failure(Kind kind, String detail, Duration retryAfter, Throwable cause) {
        return new PartnerFailure(kind, PARTNER_ID, null, detail, retryAfter, cause);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
