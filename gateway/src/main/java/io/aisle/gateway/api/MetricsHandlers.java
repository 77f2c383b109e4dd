package io.aisle.gateway.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: every meter of the instance in the Prometheus text format. Operators only
 * (the operator key as Bearer token, as the admin API), unless {@code observability.metricsOpen}.
 * The text is written on a worker thread: a scrape never holds an event loop.
 */
final class MetricsHandlers {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final boolean open;
    private final Authentication auth;

    MetricsHandlers(PrometheusMeterRegistry registry, boolean open, Authentication auth) {
        this.registry = registry;
        this.open = open;
        this.auth = auth;
    }

    void guard(RoutingContext ctx) {
        if (open) {
            ctx.next();
        } else {
            auth.operator(ctx);
        }
    }

    void scrape(RoutingContext ctx) {
        ctx.vertx().executeBlocking(registry::scrape, false).onSuccess(text -> ctx.response()
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(text)).onFailure(ctx::fail);
    }
}
