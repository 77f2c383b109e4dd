package io.aisle.gateway.dev;

import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.store.Store;
import io.aisle.simulator.FleetServer;
import io.aisle.simulator.RunningFleet;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import io.aisle.simulator.legacyxml.LegacyChainCodes;
import io.aisle.simulator.legacyxml.LegacyXmlSimulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * The simulated partner fleet of dev mode: served on its own Vert.x instance and port, reached by
 * the gateway over real HTTP through the production adapters, and seeded into the registry.
 */
public final class DevFleet {

    private final Vertx vertx;
    private final Fleet fleet;
    private final RunningFleet running;

    private DevFleet(Vertx vertx, Fleet fleet, RunningFleet running) {
        this.vertx = vertx;
        this.fleet = fleet;
        this.running = running;
    }

    public static Future<DevFleet> start(Vertx vertx, FleetSpec spec, int port) {
        Fleet fleet = Fleet.build(spec);
        // every server instance binds the same port, so a free one is chosen first when none is given
        int bound = port == 0 ? EmbeddedRedisServer.freePort() : port;
        return FleetServer.start(vertx, fleet, FleetServer.Options.defaults().withPort(bound))
                .map(running -> new DevFleet(vertx, fleet, running));
    }

    public int port() {
        return running.port();
    }

    public int size() {
        return fleet.size();
    }

    public String baseUrl() {
        return running.baseUrl();
    }

    /** How the gateway reaches each simulated chain: the same settings a production config file holds. */
    public List<ChainEndpoint> endpoints() {
        List<ChainEndpoint> endpoints = new ArrayList<>();
        for (ChainSpec chain : fleet.chains().values()) {
            String baseUrl = switch (chain.kind()) {
                case AISLE_PARTNER_API -> running.partnerApiBaseUrl();
                case LEGACY_XML -> LegacyXmlSimulator.baseUrl(running);
                case PUSH_ONLY -> null;
            };
            endpoints.add(new ChainEndpoint(chain.chainId(), chain.kind(), baseUrl, chain.apiKey(), chain.signingSecret(),
                    64, 512, Duration.ofMillis(250)));
        }
        return endpoints;
    }

    /** Puts the fleet's catalogue and stores into the gateway's registry (what onboarding does in production). */
    public Future<Void> seed(Gateway gateway) {
        List<ProductCatalog.Entry> products = fleet.catalogue().items().stream()
                .map(DevFleet::entry).toList();
        Map<String, LegacyChainCodes> legacy = new HashMap<>();
        LegacyChainCodes.ofFleet(fleet).forEach(codes -> legacy.put(codes.chainId(), codes));
        List<Store> stores = fleet.stores().stream().map(s -> new Store(s.id(), s.chainId(),
                legacy.containsKey(s.chainId()) ? legacy.get(s.chainId()).branchOf(s) : s.id(), s.name(), s.location(),
                s.hours().opens(), s.hours().closes(), Fleet.ZONE, false, null, null)).toList();
        return gateway.catalog().upsert(products)
                .compose(ignored -> gateway.productMappings().upsert(List.copyOf(LegacyChainCodes.productCodes(fleet).rows())))
                .compose(ignored -> gateway.registry().upsertStores(stores));
    }

    public Future<Void> stop() {
        return running.stop();
    }

    public Fleet fleet() {
        return fleet;
    }

    private static ProductCatalog.Entry entry(CatalogueItem item) {
        return new ProductCatalog.Entry(item.toProduct(), item.weightGrams(), item.loose());
    }

}
