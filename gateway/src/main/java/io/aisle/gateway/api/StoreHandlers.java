package io.aisle.gateway.api;

import io.aisle.contracts.api.StoreSummary;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.config.QuoteConfig;
import io.aisle.gateway.store.NearbyStore;
import io.aisle.gateway.store.StoreHealthService;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code GET /v1/stores?lat=&lon=&radiusKm=}: stores near an address, nearest first, with their state. */
final class StoreHandlers {

    static final double MAX_RADIUS_KM = 50;
    static final int MAX_STORES_LISTED = 200;

    private final StoreRegistry registry;
    private final StoreHealthService health;
    private final QuoteConfig quote;

    StoreHandlers(StoreRegistry registry, StoreHealthService health, QuoteConfig quote) {
        this.registry = registry;
        this.health = health;
        this.quote = quote;
    }

    void nearby(RoutingContext ctx) {
        double lat = Params.requiredDouble(ctx, "lat", -90, 90);
        double lon = Params.requiredDouble(ctx, "lon", -180, 180);
        double radiusKm = Params.optionalDouble(ctx, "radiusKm", quote.radiusKm(), 0.01, MAX_RADIUS_KM);
        int limit = Params.optionalInt(ctx, "limit", 50, 1, MAX_STORES_LISTED);
        registry.nearby(new GeoPoint(lat, lon), radiusKm, limit)
                .map(this::summaries)
                .onSuccess(stores -> Responses.json(ctx, 200, new JsonObject().put("stores", Responses.toJson(stores))))
                .onFailure(ctx::fail);
    }

    private List<StoreSummary> summaries(List<NearbyStore> nearby) {
        return nearby.stream().map(n -> StoreSummary.of(n.store().storeId(), n.store().chainId(), n.store().name(),
                n.store().location(), Math.round(n.distanceKm() * 1000) / 1000.0, health.stateOf(n.store()))).toList();
    }
}
