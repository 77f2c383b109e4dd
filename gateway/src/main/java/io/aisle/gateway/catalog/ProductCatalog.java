package io.aisle.gateway.catalog;

import io.aisle.contracts.api.HouseholdCap;
import io.aisle.contracts.api.PriorityReserve;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.allocation.LockdownRules;
import io.aisle.gateway.planning.picklist.ShelfLocation;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.reference.ReferenceVersions.Area;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The product catalogue in PostgreSQL: what super-app clients search, and what SIMILAR substitution
 * compares. Quotes read it from memory: the whole catalogue (products with their lockdown rules) is
 * loaded at once and kept until its {@link ReferenceVersions version} changes, which every change made
 * here announces after it committed, so every instance sees it on its next quote.
 */
public final class ProductCatalog {

    /** What a unit of a product is taken to weigh when the catalogue does not say. */
    public static final int ASSUMED_UNIT_WEIGHT_GRAMS = 500;
    private static final int BATCH = 500;
    private static final String COLUMNS = "gtin, name, brand, category, size_class, unit";
    private static final String UPSERT = """
            insert into products (gtin, name, brand, category, size_class, unit, weight_grams, loose, zone, aisle)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            on conflict (gtin) do update set name = excluded.name, brand = excluded.brand, category = excluded.category,
              size_class = excluded.size_class, unit = excluded.unit, weight_grams = excluded.weight_grams, loose = excluded.loose,
              zone = excluded.zone, aisle = excluded.aisle""";
    private static final String SEARCH = "select " + COLUMNS + " from products"
            + " where $1 = '' or lower(name) like $2 or lower(coalesce(brand, '')) like $2 or lower(category) like $2 or gtin = $1"
            + " order by category, name limit $3";
    private static final String SET_RULES = """
            update products set purchase_cap = $2, price_ceiling_fen = $3, household_cap_units = $4, household_cap_window_hours = $5,
              priority_reserve_share = $6
            where gtin = $1""";
    private static final String PICKING_FACTS = "select gtin, weight_grams, zone, aisle from products where gtin = any($1)";
    private static final String ALL = "select " + COLUMNS
            + ", purchase_cap, price_ceiling_fen, household_cap_units, household_cap_window_hours, priority_reserve_share from products";

    private final Pool pg;
    private final ReferenceVersions versions;
    private volatile Snapshot snapshot;
    private final AtomicReference<Loading> loading = new AtomicReference<>();

    public ProductCatalog(Pool pg, ReferenceVersions versions) {
        this.pg = pg;
        this.versions = versions;
    }

    /** A catalogue entry with the data the registry keeps beside the public product. */
    public record Entry(Product product, int weightGrams, boolean loose, String zone, String aisle) {

        public Entry(Product product, int weightGrams, boolean loose) {
            this(product, weightGrams, loose, null, null);
        }
    }

    public Future<Void> upsert(List<Entry> entries) {
        return upsert(pg, entries).compose(ignored -> changed());
    }

    /** Writes the entries on {@code sql} (a transaction of the caller's); {@link #changed()} announces them after its commit. */
    public Future<Void> upsert(SqlClient sql, List<Entry> entries) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<Entry> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
            chain = chain.compose(ignored -> sql.preparedQuery(UPSERT).executeBatch(batch.stream().map(e -> {
                Tuple row = Tuple.tuple(List.of(e.product().gtin().value(), e.product().name(),
                        e.product().brand() == null ? "" : e.product().brand(), e.product().category(), e.product().sizeClass(),
                        e.product().unit(), e.weightGrams(), e.loose()));
                return row.addValue(e.zone()).addValue(e.aisle());
            }).toList()).mapEmpty());
        }
        return chain;
    }

    /** Every instance reloads the catalogue before its next use. */
    public Future<Void> changed() {
        return versions.changed(Area.CATALOGUE);
    }

    /** Products whose name, brand or category contains {@code query} (case-insensitive), or with that GTIN. */
    public Future<List<Product>> search(String query, int limit) {
        String q = query == null ? "" : query.trim().toLowerCase();
        String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return pg.preparedQuery(SEARCH).execute(Tuple.of(q, like, limit)).map(ProductCatalog::products);
    }

    /** The products of {@code gtins} the catalogue has (from memory, as of the versions last read). */
    public Future<Map<Gtin, Product>> byGtins(List<Gtin> gtins) {
        return current().map(catalogue -> {
            Map<Gtin, Product> found = new HashMap<>();
            for (Gtin gtin : gtins) {
                Product product = catalogue.products.get(gtin);
                if (product != null) {
                    found.put(gtin, product);
                }
            }
            return found;
        });
    }

    /**
     * Purchase caps, price ceilings, household caps and priority reserves (lockdown rules) set on any of {@code gtins},
     * as an ordinary order sees them (the reserve closed).
     */
    public Future<LockdownRules> lockdownRules(List<Gtin> gtins) {
        return current().map(catalogue -> {
            Map<Gtin, Integer> caps = new HashMap<>();
            Map<Gtin, Money> ceilings = new HashMap<>();
            Map<Gtin, HouseholdCap> households = new HashMap<>();
            Map<Gtin, PriorityReserve> reserves = new HashMap<>();
            for (Gtin gtin : gtins) {
                PriorityReserve reserve = catalogue.reserves.get(gtin);
                if (reserve != null) {
                    reserves.put(gtin, reserve);
                }
                Integer cap = catalogue.caps.get(gtin);
                if (cap != null) {
                    caps.put(gtin, cap);
                }
                Money ceiling = catalogue.ceilings.get(gtin);
                if (ceiling != null) {
                    ceilings.put(gtin, ceiling);
                }
                HouseholdCap household = catalogue.households.get(gtin);
                if (household != null) {
                    households.put(gtin, household);
                }
            }
            return new LockdownRules(caps, ceilings, households, Map.of(), reserves, false);
        });
    }

    /**
     * Sets or clears (null) a product's lockdown rules; false when there is no such product. Every
     * instance applies them from its next quote on.
     */
    public Future<Boolean> setLockdownRules(Gtin gtin, Integer purchaseCap, Long priceCeilingFen, HouseholdCap householdCap,
                                            PriorityReserve priorityReserve) {
        Tuple rules = Tuple.of(gtin.value(), purchaseCap, priceCeilingFen, householdCap == null ? null : householdCap.units(),
                householdCap == null ? null : householdCap.windowHours(), priorityReserve == null ? null : priorityReserve.share());
        return pg.preparedQuery(SET_RULES).execute(rules)
                .compose(rows -> rows.rowCount() == 1
                        ? versions.changed(Area.CATALOGUE).map(true)
                        : Future.succeededFuture(false));
    }

    /** What picking needs to know of products: their weight, and where stores shelve them. */
    public record PickingFacts(Map<Gtin, Integer> weightGrams, Map<Gtin, ShelfLocation> shelves) {

        /** The weight of a unit, {@value ProductCatalog#ASSUMED_UNIT_WEIGHT_GRAMS} g when unknown. */
        public int weightOf(Gtin gtin) {
            return weightGrams.getOrDefault(gtin, ASSUMED_UNIT_WEIGHT_GRAMS);
        }
    }

    /** The weights and shelf locations the catalogue knows of {@code gtins} (on the caller's transaction when given one). */
    public Future<PickingFacts> pickingFacts(SqlClient sql, List<String> gtins) {
        return sql.preparedQuery(PICKING_FACTS).execute(Tuple.of(gtins.toArray(String[]::new))).map(rows -> {
            Map<Gtin, Integer> weights = new HashMap<>();
            Map<Gtin, ShelfLocation> shelves = new HashMap<>();
            for (Row fact : rows) {
                Gtin gtin = Gtin.of(fact.getString("gtin"));
                if (fact.getInteger("weight_grams") != null) {
                    weights.put(gtin, fact.getInteger("weight_grams"));
                }
                if (fact.getString("zone") != null && fact.getString("aisle") != null) {
                    shelves.put(gtin, new ShelfLocation(fact.getString("zone"), fact.getString("aisle")));
                }
            }
            return new PickingFacts(weights, shelves);
        });
    }

    /** Products of the same category and size class, for SIMILAR substitution, by GTIN. */
    public Future<List<Product>> similarTo(Product product, int limit) {
        return current().map(catalogue -> catalogue.similar.getOrDefault(product.category() + "\u0000" + product.sizeClass(), List.of())
                .stream().filter(p -> !p.gtin().equals(product.gtin())).limit(limit).toList());
    }

    /** The catalogue as of the versions last read: the one in memory, or loaded now when it changed since. */
    Future<Snapshot> current() {
        String token = versions.lastRead().of(Area.CATALOGUE);
        Snapshot now = snapshot;
        if (now != null && now.token.equals(token)) {
            return Future.succeededFuture(now);
        }
        Loading inFlight = loading.get();
        if (inFlight != null && inFlight.token.equals(token)) {
            return inFlight.future;
        }
        Loading load = new Loading(token, pg.query(ALL).execute().map(rows -> Snapshot.of(token, rows)));
        loading.set(load);
        return load.future.onSuccess(loaded -> {
            snapshot = loaded;
            loading.compareAndSet(load, null);
        }).onFailure(failure -> loading.compareAndSet(load, null));
    }

    private record Loading(String token, Future<Snapshot> future) {
    }

    /** The whole catalogue, as loaded for one version. */
    record Snapshot(String token, Map<Gtin, Product> products, Map<Gtin, Integer> caps, Map<Gtin, Money> ceilings,
                    Map<Gtin, HouseholdCap> households, Map<Gtin, PriorityReserve> reserves, Map<String, List<Product>> similar) {

        static Snapshot of(String token, Iterable<Row> rows) {
            Map<Gtin, Product> products = new HashMap<>();
            Map<Gtin, Integer> caps = new HashMap<>();
            Map<Gtin, Money> ceilings = new HashMap<>();
            Map<Gtin, HouseholdCap> households = new HashMap<>();
            Map<Gtin, PriorityReserve> reserves = new HashMap<>();
            Map<String, List<Product>> similar = new HashMap<>();
            for (Row row : rows) {
                Product product = product(row);
                products.put(product.gtin(), product);
                if (row.getInteger("purchase_cap") != null) {
                    caps.put(product.gtin(), row.getInteger("purchase_cap"));
                }
                if (row.getLong("price_ceiling_fen") != null) {
                    ceilings.put(product.gtin(), Money.fen(row.getLong("price_ceiling_fen")));
                }
                if (row.getInteger("household_cap_units") != null) {
                    households.put(product.gtin(), new HouseholdCap(row.getInteger("household_cap_units"),
                            row.getInteger("household_cap_window_hours")));
                }
                if (row.getDouble("priority_reserve_share") != null) {
                    reserves.put(product.gtin(), new PriorityReserve(row.getDouble("priority_reserve_share")));
                }
                similar.computeIfAbsent(product.category() + "\u0000" + product.sizeClass(), k -> new ArrayList<>()).add(product);
            }
            similar.replaceAll((key, list) -> list.stream().sorted(Comparator.comparing(p -> p.gtin().value())).toList());
            return new Snapshot(token, Map.copyOf(products), Map.copyOf(caps), Map.copyOf(ceilings), Map.copyOf(households),
                    Map.copyOf(reserves), Map.copyOf(similar));
        }
    }

    private static List<Product> products(Iterable<Row> rows) {
        List<Product> products = new ArrayList<>();
        for (Row row : rows) {
            products.add(product(row));
        }
        return products;
    }

    private static Product product(Row row) {
        String brand = row.getString("brand");
        return new Product(Gtin.of(row.getString("gtin")), row.getString("name"), brand == null || brand.isEmpty() ? null : brand,
                row.getString("category"), row.getString("size_class"), row.getString("unit"));
    }
}
