package io.aisle.simulator.fleet;

import io.aisle.contracts.value.GeoPoint;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated supermarkets of every chain, built deterministically from a {@link FleetSpec}: the same
 * spec and catalogue give the same stores, places, assortments, stock and prices. Stock and prices of
 * all stores live in one compact {@link StockTable}. Faults can be injected per store and per chain; a
 * store's own fault wins over its chain's. Thread-safe.
 */
public final class Fleet {

    /** Local time of the simulated stores. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final double KM_PER_DEGREE_LAT = 111.32;

    /** Rough centres of Wuhan's districts, to give stores names people there would recognise. */
    private static final List<District> DISTRICTS = List.of(
            new District("Jiang'an", 30.6005, 114.3096), new District("Jianghan", 30.6010, 114.2707),
            new District("Qiaokou", 30.5822, 114.2147), new District("Hanyang", 30.5546, 114.2183),
            new District("Wuchang", 30.5539, 114.3162), new District("Qingshan", 30.6399, 114.3846),
            new District("Hongshan", 30.5006, 114.3439), new District("Guanggu", 30.4787, 114.4060),
            new District("Dongxihu", 30.6199, 114.1370), new District("Caidian", 30.5822, 114.0290),
            new District("Jiangxia", 30.3755, 114.3219), new District("Huangpi", 30.8820, 114.3751),
            new District("Xinzhou", 30.8420, 114.8010), new District("Hannan", 30.3100, 114.0800));

    private static final OpeningHours[] HOURS = {
        new OpeningHours(LocalTime.of(7, 0), LocalTime.of(22, 0)),
        new OpeningHours(LocalTime.of(8, 0), LocalTime.of(21, 30)),
        new OpeningHours(LocalTime.of(6, 30), LocalTime.of(23, 0)),
        OpeningHours.ALWAYS,
    };

    private final FleetSpec spec;
    private final Catalogue catalogue;
    private final Clock clock;
    private final Store[] stores;
    private final Map<String, Store> storesById;
    private final Map<String, ChainSpec> chains;
    private final Map<String, List<Store>> storesByChain;
    private final Map<String, Fault> chainFaults = new ConcurrentHashMap<>();
    private final FleetCounters counters = new FleetCounters();

    private Fleet(FleetSpec spec, Catalogue catalogue, Clock clock) {
        this.spec = spec;
        this.catalogue = catalogue;
        this.clock = clock;
        int total = spec.totalStores();
        StockTable stock = new StockTable(total, catalogue.size());
        this.stores = new Store[total];
        this.storesById = new HashMap<>(total * 2);
        Map<String, ChainSpec> chainMap = new LinkedHashMap<>();
        Map<String, List<Store>> byChain = new LinkedHashMap<>();
        int index = 0;
        for (ChainSpec chain : spec.chains()) {
            chainMap.put(chain.chainId(), chain);
            List<Store> ofChain = new ArrayList<>(chain.stores());
            int width = Math.max(4, Integer.toString(chain.stores()).length());
            for (int n = 1; n <= chain.stores(); n++) {
                Store store = buildStore(index, n, width, chain, stock);
                stores[index] = store;
                storesById.put(store.id(), store);
                ofChain.add(store);
                index++;
            }
            byChain.put(chain.chainId(), Collections.unmodifiableList(ofChain));
        }
        this.chains = Collections.unmodifiableMap(chainMap);
        this.storesByChain = Collections.unmodifiableMap(byChain);
    }

    /** Builds the fleet of the spec over the standard catalogue, on the system clock. */
    public static Fleet build(FleetSpec spec) {
        return build(spec, Catalogue.standard(), Clock.systemUTC());
    }

    /** Builds the fleet of the spec; holds expire by {@code clock}. */
    public static Fleet build(FleetSpec spec, Catalogue catalogue, Clock clock) {
        return new Fleet(spec, catalogue, clock);
    }

    private Store buildStore(int index, int number, int width, ChainSpec chain, StockTable stock) {
        // One random stream per store: a store does not change when another chain grows.
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + chain.chainId().hashCode() * 1_000_003L + number);
        String id = chain.chainId() + "-" + String.format(Locale.ROOT, "%0" + width + "d", number);
        GeoPoint location = placeInDisc(random);
        District district = nearestDistrict(location);
        String name = chain.displayName() + " " + district.name() + " No. " + number;
        OpeningHours hours = HOURS[random.nextInt(10) < 6 ? 0 : random.nextInt(HOURS.length)];
        for (int p = 0; p < catalogue.size(); p++) {
            CatalogueItem item = catalogue.item(p);
            if (random.nextDouble() >= spec.assortmentShare()) {
                stock.setAvailable(index, p, StockTable.NOT_CARRIED);
                continue;
            }
            int level;
            if (random.nextInt(100) < 6) {
                level = 0;
            } else if (item.loose()) {
                level = 20 + random.nextInt(380);
            } else {
                level = 3 + random.nextInt(150);
            }
            stock.setAvailable(index, p, level);
            double storeFactor = 0.95 + random.nextDouble() * 0.10;
            long fen = Math.round(item.basePriceFen() * chain.pricePermille() / 1000.0 * storeFactor / 10.0) * 10;
            stock.setPrice(index, p, (int) Math.max(10, fen));
        }
        return new Store(index, id, chain, name, location, hours, stock, catalogue, clock, ZONE, counters);
    }

    /** Denser towards the centre, as a city is: radius ~ u^0.75 of the disc's. */
    private GeoPoint placeInDisc(SplittableRandom random) {
        double r = spec.radiusKm() * Math.pow(random.nextDouble(), 0.75);
        double theta = random.nextDouble() * 2 * Math.PI;
        double lat = spec.centre().lat() + r * Math.cos(theta) / KM_PER_DEGREE_LAT;
        double lon = spec.centre().lon() + r * Math.sin(theta) / (KM_PER_DEGREE_LAT * Math.cos(Math.toRadians(spec.centre().lat())));
        return new GeoPoint(Math.round(lat * 1e6) / 1e6, Math.round(lon * 1e6) / 1e6);
    }

    private static District nearestDistrict(GeoPoint point) {
        District best = DISTRICTS.get(0);
        double bestDistance = Double.MAX_VALUE;
        for (District district : DISTRICTS) {
            double dLat = district.lat() - point.lat();
            double dLon = (district.lon() - point.lon()) * 0.86;
            double distance = dLat * dLat + dLon * dLon;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = district;
            }
        }
        return best;
    }

    public FleetSpec spec() {
        return spec;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Clock clock() {
        return clock;
    }

    public FleetCounters counters() {
        return counters;
    }

    /** Every store, chain by chain in the spec's order. */
    public List<Store> stores() {
        return List.of(stores);
    }

    public int size() {
        return stores.length;
    }

    public Optional<Store> store(String storeId) {
        return Optional.ofNullable(storesById.get(storeId));
    }

    public Map<String, ChainSpec> chains() {
        return chains;
    }

    public Optional<ChainSpec> chain(String chainId) {
        return Optional.ofNullable(chains.get(chainId));
    }

    public List<Store> storesOf(String chainId) {
        return storesByChain.getOrDefault(chainId, List.of());
    }

    // --- faults ------------------------------------------------------------------------------------

    /** Sets a store's own fault; {@link FaultMode#NONE} clears it so the chain's fault applies again. */
    public void setStoreFault(Store store, Fault fault) {
        store.setOwnFault(fault.active() ? fault : Fault.NONE);
    }

    /** Sets the fault of every store of a chain that has no fault of its own; NONE clears it. */
    public void setChainFault(String chainId, Fault fault) {
        if (!chains.containsKey(chainId)) {
            throw new IllegalArgumentException("unknown chain " + chainId);
        }
        if (fault.active()) {
            chainFaults.put(chainId, fault);
        } else {
            chainFaults.remove(chainId);
        }
    }

    public Fault chainFault(String chainId) {
        return chainFaults.getOrDefault(chainId, Fault.NONE);
    }

    /** The fault a store shows now: its own when it has one, else its chain's. */
    public Fault faultOf(Store store) {
        Fault own = store.ownFault();
        return own.active() ? own : chainFault(store.chainId());
    }

    /** Clears every store and chain fault. */
    public void clearFaults() {
        chainFaults.clear();
        for (Store store : stores) {
            store.setOwnFault(Fault.NONE);
        }
    }

    /** Holds open now over the whole fleet. */
    public long openHolds() {
        long open = 0;
        for (Store store : stores) {
            open += store.openHolds().size();
        }
        return open;
    }

    private record District(String name, double lat, double lon) {
    }
}
