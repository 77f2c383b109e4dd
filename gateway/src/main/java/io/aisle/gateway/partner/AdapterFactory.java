package io.aisle.gateway.partner;

import io.aisle.adapters.legacyxml.LegacyXmlAdapter;
import io.aisle.adapters.legacyxml.ProductCodeMapping;
import io.aisle.adapters.partnerapi.AislePartnerApiAdapter;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the adapter a chain's protocol needs. */
public final class AdapterFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterFactory.class);

    private final Vertx vertx;
    private final Redis redis;
    private final ProductCodeMapping productCodes;
    private final Clock clock;

    public AdapterFactory(Vertx vertx, Redis redis, ProductCodeMapping productCodes, Clock clock) {
        this.vertx = vertx;
        this.redis = redis;
        this.productCodes = productCodes;
        this.clock = clock;
    }

    public Optional<ChainAdapter> create(ChainEndpoint endpoint) {
        return switch (endpoint.kind()) {
            case AISLE_PARTNER_API -> Optional.of(AislePartnerApiAdapter.create(vertx, endpoint));
            case LEGACY_XML -> Optional.of(LegacyXmlAdapter.create(vertx, endpoint, productCodes));
            case PUSH_ONLY -> {
                LOG.warn("chain {} speaks {}, which this build cannot talk to yet: its stores are reported ERROR",
                        endpoint.chainId(), endpoint.kind());
                yield Optional.empty();
            }
        };
    }
}
