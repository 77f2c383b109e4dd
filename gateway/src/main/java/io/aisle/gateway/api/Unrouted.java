package io.aisle.gateway.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer to a request no operation takes: 405 {@code method-not-allowed} with {@code Allow} when
 * an operation lives at the path under another method, else 404 {@code not-found}. Routes with a
 * method and a path template are operations; catch-all routes (auth, body limits) are not.
 */
final class Unrouted {

    private final Router router;

    Unrouted(Router router) {
        this.router = router;
    }

    void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        // the routes matched the normalized path ("/v1/orders/../events" is "/v1/events"), so the methods are found by it
        String routed = ctx.normalizedPath();
        Set<String> allowed = allowedMethods(routed == null ? "" : routed);
        if (allowed.isEmpty()) {
            Problems.send(ctx, Problems.byStatus(404, "no operation at " + ctx.request().method() + " " + path));
            return;
        }
        ctx.response().putHeader("Allow", String.join(", ", allowed));
        Problems.send(ctx, Problems.byStatus(405, path + " takes " + String.join(", ", allowed) + ", not " + ctx.request().method()));
    }

    private Set<String> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> methods = route.methods();
            String template = route.getPath();
            if (methods == null || methods.isEmpty() || template == null || template.endsWith("*")) {
                continue;
            }
            if (matches(template, path)) {
                methods.forEach(m -> allowed.add(m.name()));
            }
        }
        return allowed;
    }

    /**
     * Whether {@code path} fits {@code template}, whose {@code :name} segments stand for one non-empty
     * segment each; a trailing slash is no segment (the routes take {@code /v1/orders/} as {@code /v1/orders}).
     */
    static boolean matches(String template, String path) {
        String[] expected = template.split("/");
        String[] actual = path.split("/");
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean fits = expected[i].startsWith(":") ? !actual[i].isEmpty() : expected[i].equals(actual[i]);
            if (!fits) {
                return false;
            }
        }
        return true;
    }
}
