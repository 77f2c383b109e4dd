package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes canonical-model records as JSON with the shared mapper. */
final class Responses {

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = body instanceof JsonObject json ? json.encode() : Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
    }

    /** Sheds a request the instance has no room for: 429 rate-limited, retry after a second. */
    static void shed(RoutingContext ctx, String why) {
        ctx.response().putHeader("Retry-After", "1");
        Problems.send(ctx, Problem.of(429, "rate-limited", "Too many requests", "the gateway sheds load: " + why + "; retry shortly"));
    }

    static JsonArray toJson(Object list) {
        try {
            return new JsonArray(Json.mapper().writeValueAsString(list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + list.getClass(), e);
        }
    }
}
