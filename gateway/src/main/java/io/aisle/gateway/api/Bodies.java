package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a JSON request body into a canonical-model record; bad input becomes a 400/415/422 problem. */
final class Bodies {

    private Bodies() {
    }

    /** Whether the request came with a non-empty body. */
    static boolean present(RoutingContext ctx) {
        return ctx.body() != null && ctx.body().buffer() != null && ctx.body().buffer().length() > 0;
    }

    /** A body sent with a content type must say JSON (one left out is taken as JSON); else a 415 problem. */
    static void requireJson(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        String type = contentType == null ? null : contentType.toLowerCase(java.util.Locale.ROOT).split(";", 2)[0].strip();
        if (type != null && !type.equals("application/json")) {
            throw new ProblemException(Problems.byStatus(415, "send the body as application/json, not " + contentType));
        }
    }

    /**
     * The body is UTF-8, strictly: no overlong forms, no encoded surrogates, no stray bytes (the JSON
     * parser lets some of them through, and they would be read as other text than was sent).
     */
    static void requireUtf8(RoutingContext ctx) {
        if (!present(ctx)) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(ctx.body().buffer().getBytes()));
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request body", "the body is not UTF-8 text"));
        }
    }

    static <T> T read(RoutingContext ctx, Class<T> type) {
        requireJson(ctx);
        if (!present(ctx)) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Missing request body", "this operation takes a JSON body"));
        }
        requireUtf8(ctx);
        try {
            T value = Json.mapper().readValue(ctx.body().buffer().getBytes(), type);
            if (value == null) {
                throw new ProblemException(Problem.of(400, "malformed-request", "Missing request body", "the body is JSON null"));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problems.toProblem(e, 400));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request body", e.getMessage()));
        }
    }
}
