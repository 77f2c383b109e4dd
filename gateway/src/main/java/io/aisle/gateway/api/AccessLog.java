package io.aisle.gateway.api;

import static net.logstash.logback.argument.StructuredArguments.value;

import io.aisle.gateway.auth.Client;
import io.aisle.gateway.observability.LogContext;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log (logger {@code io.aisle.access}): one line per request once its answer is sent,
 * with method, path, status, duration, client, order and request id (and, as every line of the
 * request, its trace id). Also puts the request id, then the client, into the request's
 * {@link LogContext}, so that every line logged while serving it carries them.
 */
final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.aisle.access");

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    /** First handler after {@link RequestIds}: the request id into the log context, the line once the answer is sent. */
    void handle(RoutingContext ctx) {
        String requestId = ctx.get(RequestIds.HEADER);
        LogContext.startRequest(requestId);
        if (enabled) {
            long start = System.nanoTime();
            ctx.addEndHandler(ended -> log(ctx, requestId, start));
        }
        ctx.next();
    }

    /** After client authentication: the client into the log context. */
    static void client(RoutingContext ctx) {
        Client client = ctx.get(Authentication.CLIENT);
        if (client != null) {
            LogContext.put(LogContext.CLIENT_ID, client.clientId());
        }
        ctx.next();
    }

    private static void log(RoutingContext ctx, String requestId, long start) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Client client = ctx.get(Authentication.CLIENT);
        String orderId = orderId(ctx);
        int status = ctx.response().getStatusCode();
        // each value is a field of the JSON line too; the request id is one already (log context)
        LOG.info("{} {} {} {} ms client={} order={} request={}", value("method", ctx.request().method().name()),
                value("path", ctx.request().path()), value("status", status), value("durationMs", millis),
                client == null ? "-" : value("client", client.clientId()), orderId == null ? "-" : value("order", orderId), requestId);
    }

    /** The order the request is about: named in its path, or created by it (its Location). */
    private static String orderId(RoutingContext ctx) {
        String named = ctx.pathParam("orderId");
        if (named != null) {
            return named;
        }
        String location = ctx.response().headers().get(HttpHeaders.LOCATION);
        return location != null && location.startsWith("/v1/orders/") ? location.substring("/v1/orders/".length()) : null;
    }
}
