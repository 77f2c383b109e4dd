package io.aisle.gateway.api;

import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.isolation.ClientRateLimiter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The client API's per-client limit ({@link ClientRateLimiter}), after authentication: a request
 * over it is answered 429 {@code rate-limited} with {@code Retry-After} (whole seconds until the
 * client's window ends) at once, before it costs anything.
 */
final class ClientLimits {

    private final ClientRateLimiter limiter;

    ClientLimits(ClientRateLimiter limiter) {
        this.limiter = limiter;
    }

    void handle(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        limiter.acquire(client.clientId()).onSuccess(decision -> {
            if (decision.allowed()) {
                ctx.next();
                return;
            }
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            Problems.send(ctx, Problem.of(429, "rate-limited", "Too many requests", "client " + client.clientId()
                    + " is over its limit of " + decision.limit().requests() + " requests per " + decision.limit().window().toMillis()
                    + " ms; retry after " + seconds + " s"));
        }).onFailure(ctx::fail);
    }
}
