package io.aisle.gateway.api;

import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.adapters.callback.PartnerCallbacks;
import io.aisle.adapters.pushonly.PushOnlyIngest;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.store.StoreRegistry;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.picking.PickingService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks supermarket chains send, signed and checked in the adapters ({@link PartnerCallbacks}):
 * stock pushes, pick results, and pulls of pick lists by chains that cannot be called.
 */
final class PartnerCallbackHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerCallbackHandlers.class);
    private final PushOnlyIngest ingest;
    private final PartnerCallbacks callbacks;
    private final PickingService picking;
    private final ProductCatalog catalog;
    private final ChainAdapters adapters;

    private final StoreRegistry registry;

    PartnerCallbackHandlers(PushOnlyIngest ingest, PartnerCallbacks callbacks, PickingService picking, ProductCatalog catalog,
                            ChainAdapters adapters, StoreRegistry registry) {
        this.registry = registry;
        this.ingest = ingest;
        this.callbacks = callbacks;
        this.picking = picking;
        this.catalog = catalog;
        this.adapters = adapters;
    }

    /**
     * Before a callback of a chain this instance has no adapter for (registered through the admin API
     * a moment ago, on another instance): the registry is brought up to date first, so its signing
     * secret is known. Callbacks of known chains pass at once.
     */
    void knowChain(RoutingContext ctx) {
        if (adapters.endpoint(ctx.pathParam("chainId")).isPresent()) {
            ctx.next();
        } else {
            registry.refreshNow().onComplete(ignored -> ctx.next());
        }
    }

    void stock(RoutingContext ctx) {
        Bodies.requireJson(ctx);
        Bodies.requireUtf8(ctx);
        ingest.receiveStock(ctx.pathParam("chainId"), ctx.request().headers(), bytes(ctx))
                .onSuccess(receipt -> {
                    if (!receipt.reconciliation().overcommitted().isEmpty()) {
                        LOG.warn("store {}: soft holds no longer fit its stock: {}", receipt.storeId(),
                                receipt.reconciliation().overcommitted());
                    }
                    LOG.debug("store {}: stock push {} {}", receipt.storeId(), receipt.sequence(), receipt.outcome());
                    accepted(ctx);
                })
                .onFailure(failure -> refuse(ctx, failure));
    }

    void pickResult(RoutingContext ctx) {
        Bodies.requireJson(ctx);
        Bodies.requireUtf8(ctx);
        String chainId = ctx.pathParam("chainId");
        boolean pulls = adapters.endpoint(chainId).map(e -> e.kind() == PartnerKind.PUSH_ONLY).orElse(false);
        (pulls ? ingest.receivePickResult(chainId, ctx.request().headers(), bytes(ctx))
                : callbacks.receivePickResult(chainId, ctx.request().headers(), bytes(ctx)))
                .compose(result -> catalog.byGtins(PickingService.gtinsOf(result))
                        .compose(products -> picking.onPickResult(result, products))
                        .map(result))
                .onSuccess(result -> accepted(ctx))
                .onFailure(failure -> refuse(ctx, failure));
    }

    void pullPickLists(RoutingContext ctx) {
        ingest.pullPickLists(ctx.pathParam("chainId"), ctx.pathParam("storeId"), ctx.request().headers())
                .onSuccess(lists -> Responses.json(ctx, 200, new JsonObject().put("pickLists", Responses.toJson(lists))))
                .onFailure(failure -> refuse(ctx, failure));
    }

    /** 202 without a body, as the partner document has it. */
    private static void accepted(RoutingContext ctx) {
        ctx.response().setStatusCode(202).end();
    }

    private static byte[] bytes(RoutingContext ctx) {
        return Bodies.present(ctx) ? ctx.body().buffer().getBytes() : new byte[0];
    }

    private static void refuse(RoutingContext ctx, Throwable failure) {
        if (failure instanceof CallbackRejected rejected) {
            Problems.send(ctx, Problems.partnerCallbackRefused(rejected));
        } else {
            ctx.fail(failure);
        }
    }
}
