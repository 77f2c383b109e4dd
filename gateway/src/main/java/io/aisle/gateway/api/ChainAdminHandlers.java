package io.aisle.gateway.api;

import io.aisle.contracts.api.ChainDetails;
import io.aisle.contracts.api.ChainList;
import io.aisle.contracts.api.ChainManagement;
import io.aisle.contracts.api.ChainSettings;
import io.aisle.gateway.store.ChainAdmin;
import io.aisle.gateway.store.RegisteredChain;
import io.vertx.ext.web.RoutingContext;

/**
 * Chains without a restart: {@code POST /v1/admin/chains} registers one (201, {@code Location}),
 * {@code PUT /v1/admin/chains/{chainId}} changes it, {@code POST .../disable} and {@code .../enable}
 * take its stores out of and back into every instance's candidates, {@code GET} shows them. No answer
 * carries a chain's credentials.
 */
final class ChainAdminHandlers {

    private final ChainAdmin admin;

    ChainAdminHandlers(ChainAdmin admin) {
        this.admin = admin;
    }

    void list(RoutingContext ctx) {
        admin.list().onSuccess(chains -> Responses.json(ctx, 200, new ChainList(chains.stream().map(ChainAdminHandlers::details).toList())))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        admin.find(ctx.pathParam("chainId")).onSuccess(chain -> Responses.json(ctx, 200, details(chain))).onFailure(ctx::fail);
    }

    void register(RoutingContext ctx) {
        ChainSettings settings = Bodies.read(ctx, ChainSettings.class);
        admin.register(settings).onSuccess(chain -> {
            ctx.response().putHeader("Location", "/v1/admin/chains/" + chain.chainId());
            Responses.json(ctx, 201, details(chain));
        }).onFailure(ctx::fail);
    }

    void update(RoutingContext ctx) {
        ChainSettings change = Bodies.read(ctx, ChainSettings.class);
        admin.update(ctx.pathParam("chainId"), change).onSuccess(chain -> Responses.json(ctx, 200, details(chain))).onFailure(ctx::fail);
    }

    void disable(RoutingContext ctx) {
        enabled(ctx, false);
    }

    void enable(RoutingContext ctx) {
        enabled(ctx, true);
    }

    /** Takes no body (one sent is ignored). */
    private void enabled(RoutingContext ctx, boolean enabled) {
        admin.setEnabled(ctx.pathParam("chainId"), enabled).onSuccess(chain -> Responses.json(ctx, 200, details(chain)))
                .onFailure(ctx::fail);
    }

    /** What the admin API shows of a chain: everything but its credentials. */
    static ChainDetails details(RegisteredChain r) {
        return new ChainDetails(r.chainId(), r.chain().name(), r.chain().kind(), r.chain().baseUrl(), r.chain().breakerProfile(),
                r.chain().rateLimitPerSecond(), r.chain().maxConcurrentCalls(), r.maxConnections(), r.maxWaitQueue(),
                r.callTimeoutMs(), r.enabled(), r.managedByApi() ? ChainManagement.API : ChainManagement.CONFIG, r.createdAt(),
                r.updatedAt());
    }
}
