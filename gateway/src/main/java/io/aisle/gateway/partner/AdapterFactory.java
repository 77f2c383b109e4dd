package io.aisle.gateway.partner;

import io.aisle.adapters.legacyxml.LegacyXmlAdapter;
import io.aisle.adapters.legacyxml.ProductCodeMapping;
import io.aisle.adapters.partnerapi.AislePartnerApiAdapter;
import io.aisle.adapters.pushonly.PushOnlyAdapter;
import io.aisle.adapters.pushonly.PushOnlySettings;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.ChainStores;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.Optional;

/** Builds the adapter a chain's protocol needs. */
public final class AdapterFactory {

    private final Vertx vertx;
    private final Redis redis;
    private final ProductCodeMapping productCodes;
    private final ChainStores chainStores;
    private final Clock clock;

    public AdapterFactory(Vertx vertx, Redis redis, ProductCodeMapping productCodes, ChainStores chainStores, Clock clock) {
        this.vertx = vertx;
        this.redis = redis;
        this.productCodes = productCodes;
        this.chainStores = chainStores;
        this.clock = clock;
    }

    /** Every partner kind has its adapter; the Optional leaves room for a kind a build cannot speak. */
    public Optional<ChainAdapter> create(ChainEndpoint endpoint) {
        return switch (endpoint.kind()) {
            case AISLE_PARTNER_API -> Optional.of(AislePartnerApiAdapter.create(vertx, endpoint));
            case LEGACY_XML -> Optional.of(LegacyXmlAdapter.create(vertx, endpoint, productCodes));
            case PUSH_ONLY -> Optional.of(PushOnlyAdapter.create(endpoint, redis, chainStores, PushOnlySettings.defaults(), clock));
        };
    }
}
