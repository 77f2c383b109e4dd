package io.aisle.simulator.fleet;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What fleet to simulate: the seed every random choice derives from, the chains with their store
 * counts, the disc the stores are spread over, the share of the catalogue a store carries, and the
 * pick and rider timings. The same spec always builds the same fleet.
 */
public record FleetSpec(long seed, List<ChainSpec> chains, GeoPoint centre, double radiusKm, double assortmentShare, Timings timings) {

    public static final long DEFAULT_SEED = 20200123L;
    public static final int DEFAULT_STORES = 7_000;
    /** Wuhan, Jianghan district. */
    public static final GeoPoint WUHAN = new GeoPoint(30.5928, 114.3055);
    public static final double DEFAULT_RADIUS_KM = 25.0;

    public static final String AISLE_MART = "aisle-mart";
    public static final String JIUZHOU_LEGACY = "jiuzhou-legacy";
    public static final String PUSHFRESH = "pushfresh";

    public FleetSpec {
        chains = Checks.requireNonEmpty(chains, "chains");
        Set<String> ids = new HashSet<>();
        for (ChainSpec chain : chains) {
            if (!ids.add(chain.chainId())) {
                throw new IllegalArgumentException("chain " + chain.chainId() + " is listed twice");
            }
        }
        Checks.requireNonNull(centre, "centre");
        if (!(radiusKm > 0 && radiusKm <= 200)) {
            throw new IllegalArgumentException("radiusKm must be within (0, 200], got " + radiusKm);
        }
        if (!(assortmentShare > 0 && assortmentShare <= 1)) {
            throw new IllegalArgumentException("assortmentShare must be within (0, 1], got " + assortmentShare);
        }
        Checks.requireNonNull(timings, "timings");
    }

    /** The dev and load-test default: 7,000 stores of three chains, one per partner kind, over Wuhan. */
    public static FleetSpec defaults() {
        return withTotalStores(DEFAULT_STORES);
    }

    /** The three default chains sharing {@code total} stores as evenly as possible. */
    public static FleetSpec withTotalStores(int total) {
        Checks.requireNonNegative(total, "total");
        List<ChainSpec> chains = defaultChains();
        List<ChainSpec> sized = new ArrayList<>(chains.size());
        for (int i = 0; i < chains.size(); i++) {
            int share = total / chains.size() + (i < total % chains.size() ? 1 : 0);
            sized.add(chains.get(i).withStores(share));
        }
        return new FleetSpec(DEFAULT_SEED, sized, WUHAN, DEFAULT_RADIUS_KM, 0.7, Timings.dev());
    }

    /** The three default chains with {@code perChain} stores each: small fleets for tests. */
    public static FleetSpec withStoresPerChain(int perChain) {
        return new FleetSpec(DEFAULT_SEED, defaultChains().stream().map(c -> c.withStores(perChain)).toList(),
                WUHAN, DEFAULT_RADIUS_KM, 0.7, Timings.dev());
    }

    /** The default chains with zero stores: the API keys and kinds every default fleet uses. */
    public static List<ChainSpec> defaultChains() {
        return List.of(
                new ChainSpec(AISLE_MART, PartnerKind.AISLE_PARTNER_API, "Aisle Mart", 0, 1000, "dev-key-aisle-mart", "dev-secret-aisle-mart"),
                new ChainSpec(JIUZHOU_LEGACY, PartnerKind.LEGACY_XML, "Jiuzhou Supermarket", 0, 970, "dev-key-jiuzhou-legacy", "dev-secret-jiuzhou-legacy"),
                new ChainSpec(PUSHFRESH, PartnerKind.PUSH_ONLY, "PushFresh", 0, 1030, "dev-key-pushfresh", "dev-secret-pushfresh"));
    }

    public FleetSpec withSeed(long newSeed) {
        return new FleetSpec(newSeed, chains, centre, radiusKm, assortmentShare, timings);
    }

    public FleetSpec withTimings(Timings newTimings) {
        return new FleetSpec(seed, chains, centre, radiusKm, assortmentShare, newTimings);
    }

    public int totalStores() {
        return chains.stream().mapToInt(ChainSpec::stores).sum();
    }
}
