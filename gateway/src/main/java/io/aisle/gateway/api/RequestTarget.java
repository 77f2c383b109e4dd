package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request target (path and query) is text before anything reads it: percent-encoding that is
 * well formed, decoding to UTF-8, and no control characters (a NUL cannot even be stored in
 * PostgreSQL). Anything else is a 400 problem here, before a route sees an id it could not use.
 */
final class RequestTarget {

    /** The longest request target any operation takes (ids are at most a few hundred characters). */
    static final int MAX_LENGTH = 4096;

    private RequestTarget() {
    }

    static void handle(RoutingContext ctx) {
        String uri = ctx.request().uri();
        String problem = uri == null ? "the request has no target" : check(uri);
        if (problem != null) {
            Problems.send(ctx, Problem.of(400, "malformed-request", "Invalid request target", problem));
            return;
        }
        ctx.next();
    }

    /** Why {@code target} (path and query, still percent-encoded) is refused; null when it is fine. */
    static String check(String target) {
        if (target.length() > MAX_LENGTH) {
            return "the request target is longer than " + MAX_LENGTH + " characters";
        }
        ByteBuffer bytes = ByteBuffer.allocate(target.length() * 3);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || hex(target.charAt(i + 1)) < 0 || hex(target.charAt(i + 2)) < 0) {
                    return "malformed percent-encoding at character " + i;
                }
                bytes.put((byte) (hex(target.charAt(i + 1)) * 16 + hex(target.charAt(i + 2))));
                i += 2;
            } else if (c < 0x21 || c == 0x7f) {
                return "the request target holds a character that must be percent-encoded (code " + (int) c + ")";
            } else if (c >= 0x80) {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return "the request target does not decode to UTF-8";
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return "the request target holds a control character (code " + (int) c + ")";
            }
        }
        return null;
    }

    /**
     * A request the HTTP decoder could not read (request line or headers too long, malformed): answered
     * with a problem as every other error, and the connection closed, as it cannot be trusted further.
     */
    static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        Problem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = Problem.of(414, "request-target-too-long", "Request target too long", "the request line is too long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = Problem.of(431, "headers-too-large", "Request headers too large", "the request headers are too large");
        } else {
            problem = Problem.of(400, "malformed-request", "Malformed request", "the request is not valid HTTP/1.1");
        }
        try {
            request.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.mapper().writeValueAsString(problem)).onComplete(ignored -> request.connection().close());
        } catch (JsonProcessingException e) {
            request.connection().close();
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
