package io.aisle.gateway.api;

import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.auth.ApiKeys;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.auth.ClientDirectory;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Who is calling: super-app backends with their client API key on the public API, operators with
 * the operator key on the admin API, both as {@code Authorization: Bearer <key>}.
 */
final class Authentication {

    static final String CLIENT = "aisle.client";
    private final ClientDirectory clients;
    private final byte[] operatorKeyDigest;

    Authentication(ClientDirectory clients, String operatorKey) {
        this.clients = clients;
        this.operatorKeyDigest = operatorKey == null || operatorKey.isBlank() ? null
                : ApiKeys.sha256(operatorKey).getBytes(StandardCharsets.US_ASCII);
    }

    void client(RoutingContext ctx) {
        String key = ApiKeys.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            unauthenticated(ctx, "send the client API key as Authorization: Bearer <key>");
            return;
        }
        clients.byApiKey(key).onSuccess(client -> {
            if (client.isEmpty()) {
                unauthenticated(ctx, "unknown API key");
            } else {
                ctx.put(CLIENT, client.get());
                ctx.next();
            }
        }).onFailure(ctx::fail);
    }

    void operator(RoutingContext ctx) {
        String key = ApiKeys.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null || operatorKeyDigest == null
                || !MessageDigest.isEqual(operatorKeyDigest, ApiKeys.sha256(key).getBytes(StandardCharsets.US_ASCII))) {
            unauthenticated(ctx, "the admin API takes the operator key as Authorization: Bearer <key>");
            return;
        }
        ctx.next();
    }

    static Client clientOf(RoutingContext ctx) {
        Client client = ctx.get(CLIENT);
        if (client == null) {
            throw new IllegalStateException("route is not behind client authentication");
        }
        return client;
    }

    private static void unauthenticated(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"aisle\"");
        Problems.send(ctx, Problem.of(401, "unauthenticated", "Unauthenticated", detail));
    }
}
