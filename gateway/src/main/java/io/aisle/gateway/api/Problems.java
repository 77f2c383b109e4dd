package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: every error leaves as RFC 9457
 * {@code application/problem+json}. Input that cannot be parsed is a 400, input that parses but
 * breaks a rule is a 422; anything unexpected is logged and answered 500 without internals.
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
        Problem withInstance = problem.instance() == null ? problem.withInstance(ctx.request().path()) : problem;
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
        send(ctx, toProblem(ctx.failure(), ctx.statusCode()));
    }

    public static Problem toProblem(Throwable failure, int statusCode) {
        if (failure instanceof ProblemException pe) {
            return pe.problem();
        }
        if (failure instanceof JsonMappingException jme && rootIllegalArgument(jme) != null) {
            return invalid(rootIllegalArgument(jme).getMessage(), pointer(jme));
        }
        if (failure instanceof JsonProcessingException jpe) {
            return Problem.of(400, "malformed-body", "Malformed request body",
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
        if (isDependencyOutage(failure)) {
            LOG.warn("answering 503, a dependency is unreachable: {}", failure.toString());
            return Problem.of(503, "dependency-unavailable", "Temporarily unavailable",
                    "PostgreSQL or Redis cannot be reached right now; nothing was lost, retry shortly");
        }
        LOG.error("unexpected failure", failure);
        return Problem.of(500, "internal", "Internal error", "the gateway failed unexpectedly; the incident is logged");
    }

    /** PostgreSQL or Redis refused, dropped or timed out the connection (not an error in a query). */
    static boolean isDependencyOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
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
        Problem problem = Problem.of(422, "invalid-request", "Invalid request", detail);
        return pointer == null ? problem : problem.withErrors(List.of(new Problem.FieldError(pointer, detail)));
    }

    public static Problem byStatus(int status, String detail) {
        return switch (status) {
            case 400 -> Problem.of(400, "bad-request", "Bad request", detail != null ? detail : "the request is malformed");
            case 401 -> Problem.of(401, "unauthenticated", "Unauthenticated", detail != null ? detail : "credentials are missing or wrong");
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
