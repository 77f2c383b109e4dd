package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.order.IdempotencyKeyConflict;
import io.aisle.gateway.order.OrderSaga;
import io.aisle.gateway.order.model.OrderClosed;
import io.aisle.gateway.order.model.OrderRejected;
import io.aisle.gateway.order.model.HouseholdBoughtMeanwhile;
import io.aisle.gateway.order.model.StoresLostToLoad;
import io.aisle.gateway.order.model.TooLateToCancel;
import io.aisle.gateway.order.model.UnknownOrder;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.quote.UnknownProducts;
import io.aisle.gateway.store.ChainRefused;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: every error leaves as RFC 9457
 * {@code application/problem+json}. Input that cannot be parsed is a 400, input that parses but
 * breaks a rule is a 422; the failures of the domain and the services (unknown products, unknown
 * orders, orders too late to cancel, rejected orders, ...) each have their problem here; anything
 * unexpected is logged and answered 500 without internals.
 */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    public static void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (problem.status() == 503 && !response.headers().contains("Retry-After")) {
            response.putHeader("Retry-After", "5");
        }
        // the path names the instance, unless the request target itself is what is wrong with the request
        Problem withInstance = problem.instance() == null && ctx.request().uri() != null
                && RequestTarget.check(ctx.request().uri()) == null
                ? problem.withInstance(ctx.request().path()) : problem;
        try {
            response.setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(Json.mapper().writeValueAsString(withInstance));
        } catch (JsonProcessingException e) {
            response.setStatusCode(problem.status()).end();
        }
    }

    /** Failure handler for the whole router. */
    public static void handleFailure(RoutingContext ctx) {
        Integer retryAfter = retryAfterSeconds(ctx.failure());
        if (retryAfter != null && !ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", retryAfter.toString());
        }
        send(ctx, toProblem(ctx.failure(), ctx.statusCode()));
    }

    public static Problem toProblem(Throwable failure, int statusCode) {
        if (failure instanceof ProblemException pe) {
            return pe.problem();
        }
        Problem domain = domainProblem(failure);
        if (domain != null) {
            return domain;
        }
        if (failure instanceof JsonMappingException jme && rootIllegalArgument(jme) != null) {
            return invalid(rootIllegalArgument(jme).getMessage(), pointer(jme));
        }
        if (failure instanceof JsonProcessingException jpe) {
            return Problem.of(400, "malformed-request", "Malformed request body",
                    "the body is not the JSON this operation takes: " + jpe.getOriginalMessage())
                    .withErrors(pointer(jpe) == null ? List.of() : List.of(new Problem.FieldError(pointer(jpe), jpe.getOriginalMessage())));
        }
        if (failure instanceof IllegalArgumentException iae) {
            return invalid(iae.getMessage(), null);
        }
        if (failure instanceof HttpException he) {
            return byStatus(he.getStatusCode(), he.getPayload());
        }
        if (failure == null && statusCode >= 400) {
            return byStatus(statusCode, null);
        }
        if (isOverload(failure)) {
            LOG.debug("answering 503, this instance is overloaded: {}", String.valueOf(failure));
            return overloaded("this gateway instance is at capacity right now; nothing was done, retry shortly");
        }
        if (isDependencyOutage(failure)) {
            LOG.warn("answering 503, a dependency is unreachable: {}", failure.toString());
            return Problem.of(503, "unavailable", "Temporarily unavailable",
                    "PostgreSQL or Redis cannot be reached right now; nothing was lost, retry shortly");
        }
        LOG.error("unexpected failure", failure);
        return Problem.of(500, "internal", "Internal error", "the gateway failed unexpectedly; the incident is logged");
    }

    /** The problem of a failure of the domain or a service; null for any other failure. */
    private static Problem domainProblem(Throwable failure) {
        if (failure instanceof UnknownProducts unknown) {
            return Problem.of(422, "validation-failed", "Unknown product", unknown.getMessage())
                    .withErrors(unknown.unknown().stream().map(u -> new Problem.FieldError(u.alternate() == null
                            ? "/lines/" + u.line() + "/gtin" : "/lines/" + u.line() + "/substitution/alternates/" + u.alternate(),
                            "no product " + u.gtin() + " in the catalogue")).toList());
        }
        if (failure instanceof StoresLostToLoad lost) {
            return overloaded(lost.getMessage());
        }
        if (failure instanceof HouseholdBoughtMeanwhile busy) {
            return overloaded(busy.getMessage());
        }
        if (failure instanceof UnknownOrder unknown) {
            return Problem.of(404, "not-found", "Unknown order", unknown.getMessage());
        }
        if (failure instanceof TooLateToCancel late) {
            return Problem.of(409, "order-not-cancellable", "Too late to cancel", late.getMessage());
        }
        if (failure instanceof OrderClosed closed) {
            return Problem.of(409, "order-not-cancellable", "Order closed", closed.getMessage());
        }
        if (failure instanceof OrderRejected rejected) {
            return Problem.of(422, "basket-unfillable", "Order rejected", rejected.getMessage())
                    .withErrors(rejected.unsupplied().stream().map(u -> new Problem.FieldError("/lines/" + u.line(),
                            u.unfilled().quantity() + " unit(s) of " + u.unfilled().gtin() + " cannot be supplied: "
                                    + u.unfilled().reason())).toList())
                    .withInstance("/v1/orders/" + rejected.orderId());
        }
        if (failure instanceof IdempotencyKeyConflict.Reused reused) {
            return Problem.of(422, "idempotency-key-reused", "Idempotency key reused", reused.getMessage());
        }
        if (failure instanceof IdempotencyKeyConflict.InUse inUse) {
            return Problem.of(409, "idempotency-key-in-use", "Request in progress", inUse.getMessage());
        }
        if (failure instanceof ChainRefused refused) {
            return chainRefused(refused);
        }
        return null;
    }

    /** A chain the admin API cannot register or change. */
    private static Problem chainRefused(ChainRefused refused) {
        if (refused instanceof ChainRefused.Invalid invalid) {
            return Problem.of(422, "validation-failed", "Invalid chain", refused.getMessage())
                    .withErrors(invalid.violations().entrySet().stream()
                            .map(e -> new Problem.FieldError(e.getKey(), e.getValue())).toList());
        }
        if (refused instanceof ChainRefused.Unknown) {
            return Problem.of(404, "not-found", "Unknown chain", refused.getMessage());
        }
        if (refused instanceof ChainRefused.Exists) {
            return Problem.of(409, "chain-exists", "Chain exists", refused.getMessage());
        }
        return Problem.of(409, "chain-in-config", "Chain in the configuration file", refused.getMessage());
    }

    /** A chain's signed callback (stock push, pick result, pick-list pull) refused: the reason's status and type, titled by its name. */
    static Problem partnerCallbackRefused(CallbackRejected rejected) {
        return Problem.of(rejected.reason().httpStatus(), rejected.reason().slug(), rejected.reason().name(), rejected.getMessage());
    }

    /** A rider event refused: the reason's status and type, as for a chain's callback. */
    static Problem riderEventRefused(CallbackRejected rejected) {
        return Problem.of(rejected.reason().httpStatus(), rejected.reason().slug(), "Rider event refused", rejected.getMessage());
    }

    /** How many seconds a client should wait before it asks again after {@code failure}; null when it need not. */
    static Integer retryAfterSeconds(Throwable failure) {
        if (failure instanceof IdempotencyKeyConflict.InUse || failure instanceof StoresLostToLoad || isOverload(failure)) {
            return 1;
        }
        return null;
    }

    /** The problem of an instance at capacity: 503, to be retried shortly (Retry-After set by the caller or by {@link #send}). */
    public static Problem overloaded(String detail) {
        return Problem.of(503, "overloaded", "Overloaded", detail);
    }

    /**
     * This instance is at capacity: the PostgreSQL pool had no connection within its timeout or its
     * queue of waiters is full. Not an outage: the dependency answers, the instance asks too much of it.
     */
    static boolean isOverload(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            if (type.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || (type.equals("io.vertx.core.VertxException") && message.equals("Timeout waiting for connection"))
                    || (type.equals("io.vertx.core.impl.NoStackTraceThrowable") && message.equals("Timeout"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The answer to the request of an order the saga rejected, as the client gets it and every replay
     * of its idempotency key returns it: the problem, the order and what could not be supplied.
     */
    public static OrderSaga.Outcome rejectedOrder(OrderRejected rejected) {
        Problem problem = domainProblem(rejected);
        JsonObject body = StoredJson.object(problem).put("orderId", rejected.orderId()).put("orderStatus", rejected.status().name());
        if (rejected.unfilled() != null) {
            body.put("unfilled", StoredJson.array(rejected.unfilled()));
        }
        body.put("stores", StoredJson.array(rejected.stores()));
        return new OrderSaga.Outcome(problem.status(), body);
    }

    /** PostgreSQL or Redis refused, dropped or timed out the connection (not an error in a query). */
    static boolean isDependencyOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (t instanceof io.vertx.sqlclient.DatabaseException db && db.getSqlState() != null
                    // PostgreSQL starting up, shutting down, crashed, out of connections, or the connection lost
                    && (db.getSqlState().startsWith("57P") || db.getSqlState().startsWith("08") || db.getSqlState().equals("53300"))) {
                return true;
            }
            // the connection reset under a query (PostgreSQL stopped in immediate mode), or a Redis connection closed under a command
            if (t instanceof java.net.SocketException
                    || (t instanceof io.vertx.core.VertxException && t.getMessage() != null && t.getMessage().startsWith("Connection is not active"))) {
                return true;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof java.util.concurrent.TimeoutException
                    || type.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || type.equals("io.netty.channel.ConnectTimeoutException")
                    || type.startsWith("io.netty.channel.AbstractChannel$AnnotatedConnectException")
                    || (type.startsWith("io.vertx.redis") && !type.endsWith("ErrorType"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static Problem invalid(String detail, String pointer) {
        Problem problem = Problem.of(422, "validation-failed", "Invalid request", detail);
        return pointer == null ? problem : problem.withErrors(List.of(new Problem.FieldError(pointer, detail)));
    }

    public static Problem byStatus(int status, String detail) {
        return switch (status) {
            case 400 -> Problem.of(400, "malformed-request", "Bad request", detail != null ? detail : "the request is malformed");
            case 401 -> Problem.of(401, "unauthorized", "Unauthorized", detail != null ? detail : "credentials are missing or wrong");
            case 403 -> Problem.of(403, "forbidden", "Forbidden", detail != null ? detail : "this key may not use this operation");
            case 404 -> Problem.of(404, "not-found", "Not found", detail != null ? detail : "no such resource");
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", detail != null ? detail : "this resource does not take that method");
            case 413 -> Problem.of(413, "body-too-large", "Request body too large", detail != null ? detail : "the body exceeds the configured limit");
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type", detail != null ? detail : "send application/json");
            default -> status >= 400 && status < 600
                    ? Problem.of(status, "http-" + status, "HTTP " + status, detail)
                    : Problem.of(500, "internal", "Internal error", "the gateway failed unexpectedly; the incident is logged");
        };
    }

    private static IllegalArgumentException rootIllegalArgument(Throwable t) {
        Throwable cause = t;
        while (cause != null) {
            if (cause instanceof IllegalArgumentException iae) {
                return iae;
            }
            if (cause instanceof ValueInstantiationException && cause.getCause() == null) {
                return null;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static String pointer(JsonProcessingException e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return jme.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                    .collect(Collectors.joining("/", "/", ""));
        }
        return null;
    }
}
