package io.aisle.gateway.api;

import io.aisle.gateway.ops.OpsOverview;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The ops page ({@code GET /ops}): one HTML page, its script and style sheet (read from the class
 * path once, on a worker thread, then served from memory), and the JSON it polls
 * ({@code GET /ops/api/summary}). Nothing comes from elsewhere: the Content-Security-Policy lets the
 * page load only its own files and talk only to its own origin.
 */
final class OpsHandlers {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** The page's files under {@code ops/} on the class path, with their content types. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "ops.js", "text/javascript; charset=utf-8",
            "ops.css", "text/css; charset=utf-8");

    private final OpsOverview overview;
    private Future<Map<String, Buffer>> files;

    OpsHandlers(OpsOverview overview) {
        this.overview = overview;
    }

    /** Headers every answer under {@code /ops} carries, whoever asks: no framing, no sniffing, no caching, nothing from elsewhere. */
    void secure(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        ctx.next();
    }

    void page(RoutingContext ctx) {
        serve(ctx, "index.html");
    }

    void asset(RoutingContext ctx) {
        String name = ctx.pathParam("file");
        if (name.equals("index.html") || !FILES.containsKey(name)) {
            Problems.send(ctx, Problems.byStatus(404, "the ops page has no file " + name));
            return;
        }
        serve(ctx, name);
    }

    void summary(RoutingContext ctx) {
        overview.summary().onSuccess(summary -> Responses.json(ctx, 200, summary)).onFailure(ctx::fail);
    }

    private void serve(RoutingContext ctx, String name) {
        files(ctx.vertx()).onSuccess(loaded -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, FILES.get(name))
                .end(loaded.get(name))).onFailure(ctx::fail);
    }

    /** The files, read once per API verticle, off the event loop. */
    private Future<Map<String, Buffer>> files(Vertx vertx) {
        if (files == null || files.failed()) {
            files = vertx.executeBlocking(OpsHandlers::read, false);
        }
        return files;
    }

    private static Map<String, Buffer> read() {
        Map<String, Buffer> read = new HashMap<>();
        for (String name : FILES.keySet()) {
            try (InputStream in = OpsHandlers.class.getClassLoader().getResourceAsStream("ops/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("ops/" + name + " is not on the class path");
                }
                read.put(name, Buffer.buffer(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return read;
    }
}
