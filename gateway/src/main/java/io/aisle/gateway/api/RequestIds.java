package io.aisle.gateway.api;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Correlation: every answer carries X-Request-Id, the caller's own when it sent a sane one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private RequestIds() {
    }

    public static void handle(RoutingContext ctx) {
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)
                ? given : UUID.randomUUID().toString();
        ctx.put(HEADER, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }
}
