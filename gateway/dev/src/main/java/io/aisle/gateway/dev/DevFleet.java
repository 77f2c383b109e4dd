package io.aisle.gateway.dev;

import io.aisle.adapters.spi.ChainEndpoint;
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
import io.aisle.simulator.SimulatorModule;
import io.aisle.simulator.partnerapi.PartnerApiSimulator;
import io.aisle.simulator.pickers.StorePicking;
import io.aisle.simulator.pushonly.PushOnlySimulator;
import io.aisle.simulator.pushonly.PushOnlySimulatorConfig;
import io.aisle.simulator.rider.RiderDispatchSimulator;
import io.aisle.simulator.rider.RiderSimulatorConfig;
import java.time.Clock;
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

    /** Dev mode's rider dispatch: its API key and the secret its events are signed with. */
    public static final String RIDER_API_KEY = "dev-rider-key";
    public static final String RIDER_SIGNING_SECRET = "dev-rider-signing-secret";
    /** The quota and concurrency the simulated chains allow (a real chain's come from onboarding). */
    static final int SIMULATED_QUOTA_PER_SECOND = 20_000;
    static final int SIMULATED_CONCURRENCY = 512;

    private final Fleet fleet;
    private final int port;
    private RunningFleet running;

    private DevFleet(Fleet fleet, int port) {
        this.fleet = fleet;
        this.port = port;
    }

    /** Builds the fleet's stores and stock, to be served on {@code port} (0: a free one); nothing is served yet. */
    public static DevFleet prepare(FleetSpec spec, int port) {
        // every server instance binds the same port, so a free one is chosen first when none is given
        return new DevFleet(Fleet.build(spec), port == 0 ? EmbeddedRedisServer.freePort() : port);
    }

    /**
     * Serves the fleet; push-only stores push to, and rider dispatch reports to, the gateway at
     * {@code gatewayUrl}. Serve it once the gateway knows the stores, or its first pushes are refused.
     */
    public Future<DevFleet> serve(Vertx vertx, String gatewayUrl) {
        RiderDispatchSimulator riders = new RiderDispatchSimulator(vertx,
                RiderSimulatorConfig.dev(RIDER_API_KEY, gatewayUrl + "/dispatch/v1/events", RIDER_SIGNING_SECRET), Clock.systemUTC());
        StorePicking picking = StorePicking.reportingTo(vertx, fleet, gatewayUrl);
        List<SimulatorModule> modules = List.of(
                picking,
                new PartnerApiSimulator(fleet, picking),
                new LegacyXmlSimulator(fleet, picking),
                new PushOnlySimulator(vertx, fleet, PushOnlySimulatorConfig.defaults(gatewayUrl)),
                SimulatorModule.of(riders::mount, riders::stats));
        return FleetServer.start(vertx, fleet, FleetServer.Options.defaults().withPort(port), modules)
                .map(started -> {
                    running = started;
                    return this;
                });
    }

    public int port() {
        return port;
    }

    public int size() {
        return fleet.size();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Fleet fleet() {
        return fleet;
    }

    /** How the gateway reaches each simulated chain: the same settings a production config file holds. */
    public List<ChainEndpoint> endpoints() {
        List<ChainEndpoint> endpoints = new ArrayList<>();
        for (ChainSpec chain : fleet.chains().values()) {
            String baseUrl = switch (chain.kind()) {
                case AISLE_PARTNER_API -> baseUrl() + PartnerApiSimulator.PREFIX;
                case LEGACY_XML -> baseUrl() + LegacyXmlSimulator.PREFIX;
                case PUSH_ONLY -> null;
            };
            endpoints.add(new ChainEndpoint(chain.chainId(), chain.kind(), baseUrl, chain.apiKey(), chain.signingSecret(),
                    64, 512, Duration.ofMillis(250)));
        }
        return endpoints;
    }

    /** Puts the fleet's catalogue and stores into the gateway's registry (what onboarding does in production). */
    public Future<Void> seed(Gateway gateway) {
        return seed(gateway, false);
    }

    /** As {@link #seed(Gateway)}; with {@code openAllDay} every store is registered as open around the clock (benchmarks). */
    public Future<Void> seed(Gateway gateway, boolean openAllDay) {
        List<ProductCatalog.Entry> products = fleet.catalogue().items().stream()
                .map(DevFleet::entry).toList();
        Map<String, LegacyChainCodes> legacy = new HashMap<>();
        LegacyChainCodes.ofFleet(fleet).forEach(codes -> legacy.put(codes.chainId(), codes));
        List<Store> stores = fleet.stores().stream().map(s -> new Store(s.id(), s.chainId(),
                legacy.containsKey(s.chainId()) ? legacy.get(s.chainId()).branchOf(s) : s.id(), s.name(), s.location(),
                openAllDay ? null : s.hours().opens(), openAllDay ? null : s.hours().closes(), Fleet.ZONE, false, null, null))
                .toList();
        // the simulated chains take far more than a real chain's quota: give them room, so the gateway is what gets measured
        Future<Void> chains = Future.succeededFuture();
        for (ChainEndpoint endpoint : endpoints()) {
            ChainSpec chain = fleet.chains().get(endpoint.chainId());
            chains = chains.compose(ignored -> gateway.registry().upsertChain(new io.aisle.gateway.store.Chain(chain.chainId(),
                    chain.displayName(), chain.kind(), endpoint.baseUrl(), "default", SIMULATED_QUOTA_PER_SECOND,
                    SIMULATED_CONCURRENCY)));
            gateway.isolation().defineChain(chain.chainId(), "default", SIMULATED_CONCURRENCY, SIMULATED_QUOTA_PER_SECOND);
        }
        return chains.compose(ignored -> gateway.catalog().upsert(products))
                .compose(ignored -> gateway.productMappings().upsert(List.copyOf(LegacyChainCodes.productCodes(fleet).rows())))
                .compose(ignored -> gateway.registry().upsertStores(stores));
    }

    public Future<Void> stop() {
        return running == null ? Future.succeededFuture() : running.stop();
    }

    private static ProductCatalog.Entry entry(CatalogueItem item) {
        return new ProductCatalog.Entry(item.toProduct(), item.weightGrams(), item.loose(), item.zone(), item.aisle());
    }

}
