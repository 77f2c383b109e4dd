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
 * the operator key on the admin API, both as {@code Authorization: Bearer <key>}. No key, or a key
 * nobody holds, is 401 {@code unauthorized}; a key that is known but not for this part of the API
 * (a client's key on the admin API, the operator key on the client API) is 403 {@code forbidden}.
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
        if (isOperatorKey(key)) {
            forbidden(ctx, "the operator key is for the admin API (/v1/admin/...); the client API takes a client's key");
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
        if (key == null) {
            unauthenticated(ctx, "the admin API takes the operator key as Authorization: Bearer <key>");
            return;
        }
        if (isOperatorKey(key)) {
            ctx.next();
            return;
        }
        clients.byApiKey(key).onSuccess(client -> {
            if (client.isPresent()) {
                forbidden(ctx, "client " + client.get().clientId() + " may not use the admin API; it takes the operator key");
            } else {
                unauthenticated(ctx, "the admin API takes the operator key as Authorization: Bearer <key>");
            }
        }).onFailure(ctx::fail);
    }

    /** The realm of the ops page's HTTP Basic credentials. */
    static final String OPS_REALM = "aisle-ops";
    /** The header the ops page sends with what it changes: a cross-site form cannot, and a cross-site script may not without CORS. */
    static final String OPS_HEADER = "X-Aisle-Ops";

    /**
     * The ops page, its assets and its data: the operator key as HTTP Basic credentials (any user
     * name, the key as password), which a browser asks for and keeps, or as {@code Bearer}. Anything
     * else is 401 with a Basic challenge. A change (not GET or HEAD) made with Basic credentials, which
     * the browser sends by itself, must carry {@value #OPS_HEADER}, else 403: no other site can make
     * an operator's browser pause a store.
     */
    void operatorPage(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String key = ApiKeys.bearer(authorization);
        boolean basic = false;
        if (key == null) {
            key = basicPassword(authorization);
            basic = key != null;
        }
        if (key == null || !isOperatorKey(key)) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + OPS_REALM + "\", charset=\"UTF-8\"");
            Problems.send(ctx, Problem.of(401, "unauthorized", "Unauthorized",
                    "the ops page takes the operator key as the password of HTTP Basic credentials (any user name)"));
            return;
        }
        boolean change = ctx.request().method() != io.vertx.core.http.HttpMethod.GET
                && ctx.request().method() != io.vertx.core.http.HttpMethod.HEAD;
        if (basic && change && ctx.request().getHeader(OPS_HEADER) == null) {
            forbidden(ctx, "a change made with the ops page's credentials must carry the " + OPS_HEADER + " header");
            return;
        }
        ctx.next();
    }

    /** The password of {@code Authorization: Basic base64(user:password)}, or null. */
    static String basicPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6) || authorization.length() > 1024) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String password = colon < 0 ? null : decoded.substring(colon + 1);
        return password == null || password.isEmpty() || password.length() > 256 ? null : password;
    }

    private boolean isOperatorKey(String key) {
        return operatorKeyDigest != null
                && MessageDigest.isEqual(operatorKeyDigest, ApiKeys.sha256(key).getBytes(StandardCharsets.US_ASCII));
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
        Problems.send(ctx, Problem.of(401, "unauthorized", "Unauthorized", detail));
    }

    private static void forbidden(RoutingContext ctx, String detail) {
        Problems.send(ctx, Problem.of(403, "forbidden", "Forbidden", detail));
    }
}
