package io.aisle.gateway.api;

import io.aisle.gateway.health.Readiness;
import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.persistence.StoredJson;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health/ready} as the super-app document has it: 200 {@code {status: UP, checks: {name:
 * UP}}}; 200 {@code {status: DEGRADED, checks: {redis: DOWN, ...}}} when only Redis is away (quotes and
 * orders go on without it); or 503 {@code unavailable} problem+json with {@code Retry-After}, one entry of {@code errors}
 * per failing check (its name as {@code pointer}, why as {@code detail}).
 */
final class HealthAnswers {

    static final String RETRY_AFTER_SECONDS = "5";

    private HealthAnswers() {
    }

    static void ready(RoutingContext ctx, AsyncResult<JsonObject> result) {
        JsonObject report = result.succeeded() ? result.result()
                : new JsonObject().put("status", "DOWN").put("checks", new JsonObject()
                        .put("readiness", new JsonObject().put("status", "DOWN").put("detail", String.valueOf(result.cause()))));
        JsonObject checks = new JsonObject();
        List<Problem.FieldError> failing = new ArrayList<>();
        for (Map.Entry<String, Object> check : report.getJsonObject("checks", new JsonObject())) {
            JsonObject state = (JsonObject) check.getValue();
            String status = "UP".equals(state.getString("status")) ? "UP" : "DOWN";
            checks.put(check.getKey(), status);
            if (status.equals("DOWN")) {
                failing.add(new Problem.FieldError(check.getKey(), String.valueOf(state.getString("detail"))));
            }
        }
        String status = report.getString("status");
        if (Readiness.UP.equals(status) && failing.isEmpty() || Readiness.DEGRADED.equals(status)) {
            Responses.json(ctx, 200, new JsonObject().put("status", status).put("checks", checks));
            return;
        }
        String names = String.join(", ", failing.stream().map(Problem.FieldError::pointer).toList());
        Problem problem = Problem.of(503, "unavailable", "Not ready", "not ready: " + names)
                .withErrors(failing).withInstance(ctx.request().path());
        ctx.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(StoredJson.object(problem).encode());
    }
}
