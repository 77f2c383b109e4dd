package io.aisle.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Writes answers of the simulated JSON APIs: canonical records as JSON, errors as RFC 9457 problems. */
public final class Problems {

    public static final String JSON = "application/json";

    private Problems() {
    }

    public static Future<Void> send(RoutingContext ctx, int status, String slug, String title, String detail) {
        return send(ctx, Problem.of(status, slug, title, detail).withInstance(ctx.request().path()));
    }

    public static Future<Void> send(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return Future.succeededFuture();
        }
        return ctx.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(encode(problem));
    }

    /** Writes {@code body} as JSON with the canonical mapper. */
    public static Future<Void> json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return Future.succeededFuture();
        }
        return ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(encode(body));
    }

    public static Buffer encode(Object body) {
        try {
            return Buffer.buffer(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    /** Reads a request body into a canonical record; a bad body becomes an {@link InvalidBody}. */
    public static <T> T decode(RoutingContext ctx, Class<T> type) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new InvalidBody("a JSON body is required");
        }
        try {
            return Json.mapper().readValue(body.getBytes(), type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            throw new InvalidBody(message);
        } catch (java.io.IOException e) {
            throw new InvalidBody(e.getMessage());
        }
    }

    /** Answers 422 for an {@link InvalidBody}, 500 for anything else; for a route's failure handler. */
    public static void fail(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof InvalidBody invalid) {
            send(ctx, 422, "invalid-body", "Invalid request body", invalid.getMessage());
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            send(ctx, ctx.statusCode(), "bad-request", "Bad request", failure == null ? null : failure.getMessage());
        } else {
            send(ctx, 500, "internal", "Simulator error", failure == null ? null : String.valueOf(failure));
        }
    }

    /** A request body that cannot be read as the documented record. */
    public static final class InvalidBody extends RuntimeException {
        public InvalidBody(String message) {
            super(message, null, false, false);
        }
    }
}
