package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/** Reads a JSON request body into a canonical-model record; bad input becomes a 400/415/422 problem. */
final class Bodies {

    private Bodies() {
    }

    /** Whether the request came with a non-empty body. */
    static boolean present(RoutingContext ctx) {
        return ctx.body() != null && ctx.body().buffer() != null && ctx.body().buffer().length() > 0;
    }

    static <T> T read(RoutingContext ctx, Class<T> type) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && !contentType.toLowerCase().startsWith("application/json")) {
            throw new ProblemException(Problems.byStatus(415, "send the body as application/json, not " + contentType));
        }
        if (!present(ctx)) {
            throw new ProblemException(Problem.of(400, "missing-body", "Missing request body", "this operation takes a JSON body"));
        }
        try {
            T value = Json.mapper().readValue(ctx.body().buffer().getBytes(), type);
            if (value == null) {
                throw new ProblemException(Problem.of(400, "missing-body", "Missing request body", "the body is JSON null"));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problems.toProblem(e, 400));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(400, "malformed-body", "Malformed request body", e.getMessage()));
        }
    }
}
