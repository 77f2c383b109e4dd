package io.aisle.gateway.api;

import io.aisle.gateway.catalog.ProductCatalog;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/catalog?q=&limit=}: search the product catalogue. */
final class CatalogHandlers {

    private final ProductCatalog catalog;

    CatalogHandlers(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    void search(RoutingContext ctx) {
        String query = Params.optionalText(ctx, "q", 100);
        int limit = Params.optionalInt(ctx, "limit", 50, 1, 200);
        catalog.search(query, limit)
                .onSuccess(products -> Responses.json(ctx, 200, new JsonObject().put("products", Responses.toJson(products))))
                .onFailure(ctx::fail);
    }
}
