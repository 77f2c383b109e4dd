package io.aisle.gateway.store;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.isolation.ChainQuotas;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.reference.ReferenceVersions.Area;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.TreeMap;

/**
 * Chains and stores: PostgreSQL is the record, Redis holds the geo index (GEOSEARCH) that finds
 * candidate stores near an address. The index can always be rebuilt from PostgreSQL. Owns tables
 * {@code chains} and {@code stores}. Quotes read the stores from memory: every store is loaded at
 * once and kept until the stores' {@link ReferenceVersions version} changes, which every change made
 * here (onboarding, pause, resume) announces after it committed; the version is read in the same
 * pipelined round trip as the geo search, so a pause on one instance holds on every instance's next quote.
 */
public final class StoreRegistry implements ChainQuotas {

    public static final String GEO_KEY = "aisle:stores:geo";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreRegistry.class);
    private static final int BATCH = 500;

    private static final String UPSERT_CHAIN = """
            insert into chains (chain_id, name, kind, base_url, breaker_profile, rate_limit_per_second, max_concurrent_calls)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (chain_id) do update set name = excluded.name, kind = excluded.kind, base_url = excluded.base_url,
              breaker_profile = excluded.breaker_profile, rate_limit_per_second = excluded.rate_limit_per_second,
              max_concurrent_calls = excluded.max_concurrent_calls, updated_at = now()""";
    private static final String UPSERT_STORE = """
            insert into stores (store_id, chain_id, partner_store_id, name, lat, lon, opens_at, closes_at, time_zone)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            on conflict (store_id) do update set chain_id = excluded.chain_id, partner_store_id = excluded.partner_store_id,
              name = excluded.name, lat = excluded.lat, lon = excluded.lon, opens_at = excluded.opens_at,
              closes_at = excluded.closes_at, time_zone = excluded.time_zone, updated_at = now()""";
    private static final String REGISTER_ENDPOINT = """
            insert into chains (chain_id, name, kind, base_url) values ($1, $2, $3, $4)
            on conflict (chain_id) do update set kind = excluded.kind, base_url = excluded.base_url, managed_by = 'config',
              updated_at = now()""";
    private static final String REGISTERED_COLUMNS = """
            chain_id, name, kind, base_url, breaker_profile, rate_limit_per_second, max_concurrent_calls, enabled, managed_by,
            max_connections, max_wait_queue, call_timeout_ms, api_key_sealed, signing_secret_sealed, created_at, updated_at""";
    private static final String SELECT_REGISTERED_CHAINS = "select " + REGISTERED_COLUMNS + " from chains order by chain_id";
    private static final String SELECT_REGISTERED_CHAIN = "select " + REGISTERED_COLUMNS + " from chains where chain_id = $1";
    private static final String INSERT_API_CHAIN = """
            insert into chains (chain_id, name, kind, base_url, breaker_profile, rate_limit_per_second, max_concurrent_calls,
              max_connections, max_wait_queue, call_timeout_ms, api_key_sealed, signing_secret_sealed, managed_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'api')
            on conflict (chain_id) do nothing returning """ + " " + REGISTERED_COLUMNS;
    private static final String UPDATE_API_CHAIN = """
            update chains set name = $2, kind = $3, base_url = $4, breaker_profile = $5, rate_limit_per_second = $6,
              max_concurrent_calls = $7, max_connections = $8, max_wait_queue = $9, call_timeout_ms = $10, api_key_sealed = $11,
              signing_secret_sealed = $12, updated_at = now()
            where chain_id = $1 and managed_by = 'api' returning """ + " " + REGISTERED_COLUMNS;
    private static final String SET_CHAIN_ENABLED = """
            update chains set enabled = $2,
              disabled_at = case when $2 then null else coalesce(disabled_at, now()) end,
              updated_at = case when enabled is distinct from $2 then now() else updated_at end
            where chain_id = $1 returning """ + " " + REGISTERED_COLUMNS;
    private static final String SELECT_CHAIN_LOCATIONS = "select store_id, lat, lon from stores where chain_id = $1";
    private static final String SELECT_DISABLED_CHAINS = "select chain_id from chains where not enabled";
    private static final String STORE_COLUMNS = """
            store_id, chain_id, partner_store_id, name, lat, lon, opens_at, closes_at, time_zone, paused, pause_reason, paused_at""";
    private static final String SELECT_STORES_BY_ID = "select " + STORE_COLUMNS + " from stores where store_id = any($1)";
    private static final String SELECT_ALL_STORES = "select " + STORE_COLUMNS + " from stores";
    private static final String SELECT_STORE = "select " + STORE_COLUMNS + " from stores where store_id = $1";
    private static final String SELECT_BY_PARTNER_ID = "select store_id from stores where chain_id = $1 and partner_store_id = $2";
    private static final String SELECT_PARTNER_IDS_TAKEN = """
            select s.store_id, s.chain_id, s.partner_store_id from stores s
            join unnest($1::text[], $2::text[], $3::text[]) as w(store_id, chain_id, partner_store_id)
              on s.chain_id = w.chain_id and s.partner_store_id = w.partner_store_id and s.store_id <> w.store_id""";
    /** The geo index holds the stores of enabled chains only: a disabled chain's stores are no candidates. */
    private static final String SELECT_ALL_LOCATIONS = """
            select s.store_id, s.lat, s.lon from stores s join chains c on c.chain_id = s.chain_id where c.enabled""";
    private static final String COUNT_QUOTABLE_STORES = """
            select count(*) from stores s join chains c on c.chain_id = s.chain_id where c.enabled""";
    private static final String SELECT_CHAINS = """
            select chain_id, name, kind, base_url, breaker_profile, rate_limit_per_second, max_concurrent_calls from chains order by chain_id""";
    private static final String PAUSE_STORE = """
            update stores set paused = true, pause_reason = $2, paused_at = now(), updated_at = now() where store_id = $1""";
    private static final String RESUME_STORE = """
            update stores set paused = false, pause_reason = null, paused_at = null, updated_at = now() where store_id = $1""";
    private static final String COUNT_STORES = "select count(*) from stores";

    private final Pool pg;
    private final Redis redis;
    private final ReferenceVersions versions;
    private volatile Snapshot snapshot;
    private volatile Runnable indexMissing = () -> { };
    private volatile java.util.function.Function<List<RegisteredChain>, Future<Void>> chainsChanged = chains -> Future.succeededFuture();
    private final AtomicReference<Loading> loading = new AtomicReference<>();

    public StoreRegistry(Pool pg, Redis redis) {
        this(pg, redis, new ReferenceVersions(redis));
    }

    public StoreRegistry(Pool pg, Redis redis, ReferenceVersions versions) {
        this.pg = pg;
        this.redis = redis;
        this.versions = versions;
    }

    public Future<Void> upsertChain(Chain chain) {
        return pg.preparedQuery(UPSERT_CHAIN).execute(Tuple.of(chain.chainId(), chain.name(), chain.kind().name(),
                        chain.baseUrl(), chain.breakerProfile(), chain.rateLimitPerSecond(), chain.maxConcurrentCalls()))
                .mapEmpty();
    }

    /** Records a chain named in the configuration; its quota and profile stay as the registry has them. */
    public Future<Void> registerEndpoint(io.aisle.adapters.spi.ChainEndpoint endpoint) {
        return pg.preparedQuery(REGISTER_ENDPOINT).execute(Tuple.of(endpoint.chainId(), endpoint.chainId(),
                endpoint.kind().name(), endpoint.baseUrl())).mapEmpty();
    }

    public Future<List<Chain>> chains() {
        return pg.query(SELECT_CHAINS).execute().map(rows -> {
            List<Chain> chains = new ArrayList<>();
            for (Row row : rows) {
                chains.add(new Chain(row.getString(0), row.getString(1), PartnerKind.valueOf(row.getString(2)),
                        row.getString(3), row.getString(4), row.getInteger(5), row.getInteger(6)));
            }
            return chains;
        });
    }

    /** Every chain's quota and breaker profile, for the isolation of its stores. */
    @Override
    public Future<List<ChainQuota>> quotas() {
        return chains().map(chains -> chains.stream().map(chain -> new ChainQuota(chain.chainId(), chain.breakerProfile(),
                chain.maxConcurrentCalls(), chain.rateLimitPerSecond())).toList());
    }

    /** Writes the stores in batches (one transaction each) and adds them to the geo index. */
    public Future<Void> upsertStores(List<Store> stores) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < stores.size(); from += BATCH) {
            List<Store> batch = stores.subList(from, Math.min(stores.size(), from + BATCH));
            chain = chain.compose(ignored -> pg.withTransaction(connection -> connection.preparedQuery(UPSERT_STORE)
                    .executeBatch(batch.stream().map(StoreRegistry::storeTuple).toList())).mapEmpty());
        }
        return chain.compose(ignored -> indexStores(stores));
    }

    /**
     * Writes the stores in one transaction of the caller's ({@code sql}), in batches; nothing is in the
     * geo index or announced until {@link #indexStores} after the commit.
     */
    public Future<Void> upsertStores(SqlClient sql, List<Store> stores) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < stores.size(); from += BATCH) {
            List<Store> batch = stores.subList(from, Math.min(stores.size(), from + BATCH));
            chain = chain.compose(ignored -> sql.preparedQuery(UPSERT_STORE)
                    .executeBatch(batch.stream().map(StoreRegistry::storeTuple).toList()).mapEmpty());
        }
        return chain;
    }

    /** Runs {@code work} in one transaction on the registry's database: all of it is committed, or nothing. */
    public <T> Future<T> inTransaction(java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<T>> work) {
        return pg.withTransaction(work::apply);
    }

    /** Adds committed stores to the geo index (those of enabled chains) and announces them to every instance. */
    public Future<Void> indexStores(List<Store> stores) {
        return pg.query(SELECT_DISABLED_CHAINS).execute().compose(rows -> {
            java.util.Set<String> disabled = new java.util.HashSet<>();
            rows.forEach(row -> disabled.add(row.getString(0)));
            List<Located> located = stores.stream().filter(s -> !disabled.contains(s.chainId()))
                    .map(s -> new Located(s.storeId(), s.location())).toList();
            Future<Void> chain = Future.succeededFuture();
            for (int from = 0; from < located.size(); from += BATCH) {
                List<Located> batch = located.subList(from, Math.min(located.size(), from + BATCH));
                chain = chain.compose(ignored -> indexLocations(batch));
            }
            return chain;
        }).compose(ignored -> versions.changed(Area.STORES));
    }

    /**
     * For stores about to be written, those whose chain's store id another store already has: the store
     * that has it, by the index of the store in {@code stores}. A chain's store id names one store only.
     */
    public Future<Map<Integer, String>> partnerIdsTakenByOthers(List<Store> stores) {
        Map<Integer, String> taken = new TreeMap<>();
        Map<String, Integer> firstInBatch = new HashMap<>();
        for (int i = 0; i < stores.size(); i++) {
            Store store = stores.get(i);
            Integer first = firstInBatch.putIfAbsent(store.chainId() + "\u0000" + store.partnerStoreId(), i);
            if (first != null && !stores.get(first).storeId().equals(store.storeId())) {
                taken.put(i, stores.get(first).storeId());
            }
        }
        if (stores.isEmpty()) {
            return Future.succeededFuture(taken);
        }
        Tuple args = Tuple.tuple().addArrayOfString(stores.stream().map(Store::storeId).toArray(String[]::new))
                .addArrayOfString(stores.stream().map(Store::chainId).toArray(String[]::new))
                .addArrayOfString(stores.stream().map(Store::partnerStoreId).toArray(String[]::new));
        return pg.preparedQuery(SELECT_PARTNER_IDS_TAKEN).execute(args).map(rows -> {
            Map<String, String> holder = new HashMap<>();
            rows.forEach(row -> holder.put(row.getString(1) + "\u0000" + row.getString(2), row.getString(0)));
            for (int i = 0; i < stores.size(); i++) {
                String other = holder.get(stores.get(i).chainId() + "\u0000" + stores.get(i).partnerStoreId());
                if (other != null) {
                    taken.putIfAbsent(i, other);
                }
            }
            return taken;
        });
    }

    /**
     * Rebuilds the Redis geo index from PostgreSQL (at start-up, after Redis lost its data, or when it
     * holds other stores than it should): every store of an enabled chain is added, every other member
     * removed (a disabled chain's stores whose removal was not heard).
     */
    public Future<Integer> rebuildGeoIndex() {
        return pg.query(SELECT_ALL_LOCATIONS).execute().compose(rows -> {
            List<Located> all = new ArrayList<>();
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (Row row : rows) {
                all.add(new Located(row.getString(0), new GeoPoint(row.getDouble(1), row.getDouble(2))));
                expected.add(row.getString(0));
            }
            Future<Void> chain = Future.succeededFuture();
            for (int from = 0; from < all.size(); from += BATCH) {
                List<Located> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                chain = chain.compose(ignored -> indexLocations(batch));
            }
            return chain.compose(ignored -> redis.send(Request.cmd(Command.ZRANGE).arg(GEO_KEY).arg(0).arg(-1)))
                    .compose(members -> {
                        List<String> extra = new ArrayList<>();
                        if (members != null) {
                            for (Response member : members) {
                                if (!expected.contains(member.toString())) {
                                    extra.add(member.toString());
                                }
                            }
                        }
                        return unindex(extra);
                    })
                    .map(all.size());
        });
    }

    /** Every store of the registry, quotable or not. */
    public Future<Long> count() {
        return pg.query(COUNT_STORES).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** The stores the geo index should hold: those of enabled chains. */
    public Future<Long> countQuotable() {
        return pg.query(COUNT_QUOTABLE_STORES).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    // --- chains managed through the admin API ---------------------------------------------------

    /** Every chain of the registry as its row has it, by id. */
    public Future<List<RegisteredChain>> registeredChains() {
        return pg.query(SELECT_REGISTERED_CHAINS).execute().map(StoreRegistry::registered);
    }

    public Future<Optional<RegisteredChain>> registeredChain(String chainId) {
        return pg.preparedQuery(SELECT_REGISTERED_CHAIN).execute(Tuple.of(chainId)).map(rows -> first(registered(rows)));
    }

    /**
     * Stores a chain registered through the admin API (credentials already sealed); empty when a chain
     * of that id exists. Announced to every instance after the commit.
     */
    public Future<Optional<RegisteredChain>> insertApiChain(RegisteredChain chain) {
        return pg.preparedQuery(INSERT_API_CHAIN).execute(apiChainTuple(chain)).map(rows -> first(registered(rows)))
                .compose(inserted -> inserted.isEmpty() ? Future.succeededFuture(inserted)
                        : versions.changed(Area.CHAINS).map(inserted));
    }

    /** Changes a chain managed through the admin API; empty when there is none of that id managed so. */
    public Future<Optional<RegisteredChain>> updateApiChain(RegisteredChain chain) {
        return pg.preparedQuery(UPDATE_API_CHAIN).execute(apiChainTuple(chain)).map(rows -> first(registered(rows)))
                .compose(updated -> updated.isEmpty() ? Future.succeededFuture(updated)
                        : versions.changed(Area.CHAINS).map(updated));
    }

    /**
     * Enables or disables a chain as a whole (configured or not): a disabled chain's stores leave the geo
     * index and every instance's candidates, its orders go on. Empty when there is no such chain.
     */
    public Future<Optional<RegisteredChain>> setChainEnabled(String chainId, boolean enabled) {
        return pg.preparedQuery(SET_CHAIN_ENABLED).execute(Tuple.of(chainId, enabled)).map(rows -> first(registered(rows)))
                .compose(changed -> {
                    if (changed.isEmpty()) {
                        return Future.succeededFuture(changed);
                    }
                    return pg.preparedQuery(SELECT_CHAIN_LOCATIONS).execute(Tuple.of(chainId)).compose(rows -> {
                        List<Located> located = new ArrayList<>();
                        for (Row row : rows) {
                            located.add(new Located(row.getString(0), new GeoPoint(row.getDouble(1), row.getDouble(2))));
                        }
                        if (!enabled) {
                            return unindex(located.stream().map(Located::storeId).toList());
                        }
                        Future<Void> chain = Future.succeededFuture();
                        for (int from = 0; from < located.size(); from += BATCH) {
                            List<Located> batch = located.subList(from, Math.min(located.size(), from + BATCH));
                            chain = chain.compose(ignored -> indexLocations(batch));
                        }
                        return chain;
                    }).compose(ignored -> versions.changed(Area.CHAINS, Area.STORES)).map(changed);
                });
    }

    /**
     * Called (on the event loop) with every chain whenever this instance finds the chains changed
     * (an admin change on any instance, or at its first use): the quote that found the change waits
     * for it, so the chain's adapter and limits are in place before its stores are called.
     */
    public void whenChainsChange(java.util.function.Function<List<RegisteredChain>, Future<Void>> listener) {
        this.chainsChanged = listener;
    }

    /**
     * Reads the versions now and brings the in-memory registry up to them (a callback of a chain this
     * instance does not know yet: registered a moment ago, on another instance); never fails.
     */
    public Future<Void> refreshNow() {
        return versions.read().transform(ignored -> refresh());
    }

    /** Brings the in-memory registry (stores, chains) up to the versions last read; never fails. */
    public Future<Void> refresh() {
        return current().<Void>mapEmpty().recover(failure -> {
            LOG.debug("registry not refreshed: {}", failure.toString());
            return Future.succeededFuture();
        });
    }

    /**
     * Reads every chain again and hands them to {@link #whenChainsChange its listener} whatever the
     * versions say: the fallback for a change whose announcement Redis did not take (the periodic
     * reload of the composition root). Never fails.
     */
    public Future<Void> reloadChains() {
        return registeredChains().compose(chains -> chainsChanged.apply(chains).map(ignored -> {
            Snapshot now = snapshot;
            if (now != null) {
                snapshot = new Snapshot(now.token, now.storesToken, now.chainsToken, now.byId, now.byPartnerId, disabledOf(chains));
            }
            return (Void) null;
        })).recover(failure -> {
            LOG.debug("chains not reloaded: {}", failure.toString());
            return Future.succeededFuture();
        });
    }

    private static java.util.Set<String> disabledOf(List<RegisteredChain> chains) {
        return chains.stream().filter(c -> !c.enabled()).map(RegisteredChain::chainId)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static Tuple apiChainTuple(RegisteredChain r) {
        Chain c = r.chain();
        return Tuple.tuple(java.util.Arrays.asList(c.chainId(), c.name(), c.kind().name(), c.baseUrl(), c.breakerProfile(),
                c.rateLimitPerSecond(), c.maxConcurrentCalls(), r.maxConnections(), r.maxWaitQueue(), r.callTimeoutMs(),
                r.sealedApiKey(), r.sealedSigningSecret()));
    }

    private static List<RegisteredChain> registered(RowSet<Row> rows) {
        List<RegisteredChain> chains = new ArrayList<>();
        for (Row row : rows) {
            chains.add(new RegisteredChain(new Chain(row.getString("chain_id"), row.getString("name"),
                    PartnerKind.valueOf(row.getString("kind")), row.getString("base_url"), row.getString("breaker_profile"),
                    row.getInteger("rate_limit_per_second"), row.getInteger("max_concurrent_calls")),
                    row.getBoolean("enabled"), "api".equals(row.getString("managed_by")), row.getInteger("max_connections"),
                    row.getInteger("max_wait_queue"), row.getInteger("call_timeout_ms"), row.getString("api_key_sealed"),
                    row.getString("signing_secret_sealed"), row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("updated_at").toInstant()));
        }
        return chains;
    }

    private static <T> Optional<T> first(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private Future<Void> unindex(List<String> storeIds) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < storeIds.size(); from += BATCH) {
            List<String> batch = storeIds.subList(from, Math.min(storeIds.size(), from + BATCH));
            Request rem = Request.cmd(Command.ZREM).arg(GEO_KEY);
            batch.forEach(rem::arg);
            chain = chain.compose(ignored -> redis.send(rem).mapEmpty());
        }
        return chain;
    }

    /**
     * Stores within {@code radiusKm} of {@code point}, nearest first, at most {@code limit}. One round
     * trip to Redis: the geo search, pipelined with the read of the reference data versions (which
     * every later use of the in-memory reference data in the same request goes by) and a check that
     * the index exists. Redis away, or back without its data (no index yet): the candidates come from
     * the registry instead, and {@link #whenIndexMissing} hears of the missing index.
     */
    public Future<List<NearbyStore>> nearby(GeoPoint point, double radiusKm, int limit) {
        Request search = Request.cmd(Command.GEOSEARCH).arg(GEO_KEY)
                .arg("FROMLONLAT").arg(point.lon()).arg(point.lat())
                .arg("BYRADIUS").arg(radiusKm).arg("km")
                .arg("ASC").arg("COUNT").arg(limit).arg("WITHDIST");
        Request exists = Request.cmd(Command.EXISTS).arg(GEO_KEY);
        return redis.batch(List.of(versions.request(), search, exists)).compose(replies -> {
            versions.observed(replies.get(0));
            if (replies.get(2).toLong() == 0) {
                indexMissing.run();
                return nearbyWithoutRedis(point, radiusKm, limit, new IllegalStateException("the geo index is not in Redis"));
            }
            Response reply = replies.get(1);
            List<String> order = new ArrayList<>();
            List<Double> distances = new ArrayList<>();
            for (Response hit : reply) {
                order.add(hit.get(0).toString());
                distances.add(hit.get(1).toDouble());
            }
            if (order.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            return current().map(stores -> {
                List<NearbyStore> nearby = new ArrayList<>(order.size());
                for (int i = 0; i < order.size(); i++) {
                    Store store = stores.byId.get(order.get(i));
                    if (store != null && !stores.disabledChains.contains(store.chainId())) {
                        nearby.add(new NearbyStore(store, distances.get(i)));
                    }
                }
                return nearby;
            });
        }, redisAway -> nearbyWithoutRedis(point, radiusKm, limit, redisAway));
    }

    /** Called (on the event loop) whenever a search finds the geo index missing, e.g. to rebuild it at once. */
    public void whenIndexMissing(Runnable listener) {
        this.indexMissing = listener;
    }

    /**
     * Redis away: the candidates come from the registry as PostgreSQL has it (the stores in memory, or read
     * now), nearest first by great-circle distance. Fails as Redis did when PostgreSQL cannot be read either.
     */
    private Future<List<NearbyStore>> nearbyWithoutRedis(GeoPoint point, double radiusKm, int limit, Throwable redisAway) {
        LOG.debug("geo index unavailable ({}): candidates from the registry", redisAway.toString());
        return current().recover(pgAway -> Future.failedFuture(redisAway)).map(stores -> {
            List<NearbyStore> nearby = new ArrayList<>();
            for (Store store : stores.byId.values()) {
                if (stores.disabledChains.contains(store.chainId())) {
                    continue;
                }
                double km = point.distanceMetres(store.location()) / 1000;
                if (km <= radiusKm) {
                    nearby.add(new NearbyStore(store, km));
                }
            }
            nearby.sort(java.util.Comparator.comparingDouble(NearbyStore::distanceKm).thenComparing(n -> n.store().storeId()));
            return nearby.size() > limit ? List.copyOf(nearby.subList(0, limit)) : nearby;
        });
    }

    /**
     * The stores and chains as of the versions last read: those in memory, or loaded now when either
     * changed since (the stores are read again only when they changed). When the chains changed, or on
     * the first load, {@link #whenChainsChange its listener} hears of every chain before the snapshot is used.
     */
    private Future<Snapshot> current() {
        ReferenceVersions.Tokens tokens = versions.lastRead();
        String storesToken = tokens.of(Area.STORES);
        String chainsToken = tokens.of(Area.CHAINS);
        String token = storesToken + "/" + chainsToken;
        Snapshot now = snapshot;
        if (now != null && now.token.equals(token)) {
            return Future.succeededFuture(now);
        }
        Loading inFlight = loading.get();
        if (inFlight != null && inFlight.token.equals(token)) {
            return inFlight.future;
        }
        boolean storesKnown = now != null && now.storesToken.equals(storesToken);
        boolean chainsKnown = now != null && now.chainsToken.equals(chainsToken);
        Future<Snapshot> stores = storesKnown ? Future.succeededFuture(now) : pg.query(SELECT_ALL_STORES).execute().map(rows -> {
            Map<String, Store> byId = new HashMap<>(rows.size() * 2);
            Map<String, Store> byPartnerId = new HashMap<>(rows.size() * 2);
            for (Row row : rows) {
                Store store = store(row);
                byId.put(store.storeId(), store);
                byPartnerId.put(store.chainId() + "\u0000" + store.partnerStoreId(), store);
            }
            // HashMaps, not Map.copyOf: its open addressing probes long runs for 7,000 ids that differ in their last digits
            return new Snapshot(token, storesToken, chainsToken, Collections.unmodifiableMap(byId),
                    Collections.unmodifiableMap(byPartnerId), java.util.Set.of());
        });
        Future<java.util.Set<String>> disabled = chainsKnown ? Future.succeededFuture(now.disabledChains)
                : registeredChains().compose(chains -> chainsChanged.apply(chains)
                        .recover(failure -> {
                            LOG.warn("chains changed, not every chain applied: {}", failure.toString());
                            return Future.succeededFuture();
                        })
                        .map(ignored -> disabledOf(chains)));
        Loading load = new Loading(token, Future.all(stores, disabled).map(both -> {
            Snapshot s = both.resultAt(0);
            return new Snapshot(token, storesToken, chainsToken, s.byId, s.byPartnerId, both.resultAt(1));
        }));
        loading.set(load);
        return load.future.onSuccess(loaded -> {
            snapshot = loaded;
            loading.compareAndSet(load, null);
        }).onFailure(failure -> loading.compareAndSet(load, null));
    }

    private record Loading(String token, Future<Snapshot> future) {
    }

    /**
     * Every store, as loaded for one version of the registry, by id and by its chain's own id, and the
     * chains whose stores are no candidates (disabled).
     */
    private record Snapshot(String token, String storesToken, String chainsToken, Map<String, Store> byId,
                            Map<String, Store> byPartnerId, java.util.Set<String> disabledChains) {
    }

    public Future<Optional<Store>> find(String storeId) {
        return pg.preparedQuery(SELECT_STORE).execute(Tuple.of(storeId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(store(rows.iterator().next())) : Optional.empty());
    }

    /**
     * The id of the store a chain calls {@code partnerStoreId}, if the registry has it: from memory,
     * or from PostgreSQL when memory does not know it (a store onboarded a moment ago, on another instance).
     */
    public Future<Optional<String>> idOf(String chainId, String partnerStoreId) {
        return current().compose(stores -> {
            Store known = stores.byPartnerId.get(chainId + "\u0000" + partnerStoreId);
            if (known != null) {
                return Future.succeededFuture(Optional.of(known.storeId()));
            }
            return pg.preparedQuery(SELECT_BY_PARTNER_ID).execute(Tuple.of(chainId, partnerStoreId))
                    .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.empty());
        });
    }

    /** Every store of the registry, by id, from memory as of the versions last read. */
    public Future<List<Store>> stores() {
        return current().map(stores -> stores.byId.values().stream()
                .sorted(java.util.Comparator.comparing(Store::storeId)).toList());
    }

    /** The stores of {@code storeIds} the registry has, from memory as of the versions last read. */
    public Future<Map<String, Store>> byIds(List<String> storeIds) {
        return current().map(stores -> {
            Map<String, Store> found = new HashMap<>();
            for (String id : storeIds) {
                Store store = stores.byId.get(id);
                if (store != null) {
                    found.put(id, store);
                }
            }
            return found;
        });
    }

    /** The stores of {@code storeIds} the registry has, read on {@code sql} (a transaction of the caller's, or the pool). */
    public Future<Map<String, Store>> byIds(SqlClient sql, List<String> storeIds) {
        return sql.preparedQuery(SELECT_STORES_BY_ID).execute(Tuple.of(storeIds.toArray(String[]::new))).map(rows -> {
            Map<String, Store> stores = new HashMap<>();
            for (Row row : rows) {
                Store store = store(row);
                stores.put(store.storeId(), store);
            }
            return stores;
        });
    }

    /** Pauses a store (operators, lockdown measures); true when the store exists. */
    public Future<Boolean> pause(String storeId, String reason) {
        return pg.preparedQuery(PAUSE_STORE).execute(Tuple.of(storeId, reason)).compose(this::announced);
    }

    public Future<Boolean> resume(String storeId) {
        return pg.preparedQuery(RESUME_STORE).execute(Tuple.of(storeId)).compose(this::announced);
    }

    /** True when the statement changed the one store; every instance then reloads the stores before its next use. */
    private Future<Boolean> announced(RowSet<Row> rows) {
        return rows.rowCount() == 1 ? versions.changed(Area.STORES).map(true) : Future.succeededFuture(false);
    }

    private Future<Void> indexLocations(List<Located> locations) {
        if (locations.isEmpty()) {
            return Future.succeededFuture();
        }
        Request add = Request.cmd(Command.GEOADD).arg(GEO_KEY);
        for (Located located : locations) {
            add.arg(located.location().lon()).arg(located.location().lat()).arg(located.storeId());
        }
        return redis.send(add).mapEmpty();
    }

    private static Tuple storeTuple(Store s) {
        return Tuple.tuple(List.of(s.storeId(), s.chainId(), s.partnerStoreId(), s.name(), s.location().lat(),
                s.location().lon(), s.opensAt(), s.closesAt(), s.timeZone().getId()));
    }

    private static Store store(Row row) {
        return new Store(row.getString("store_id"), row.getString("chain_id"), row.getString("partner_store_id"),
                row.getString("name"), new GeoPoint(row.getDouble("lat"), row.getDouble("lon")),
                row.getLocalTime("opens_at"), row.getLocalTime("closes_at"), ZoneId.of(row.getString("time_zone")),
                row.getBoolean("paused"), row.getString("pause_reason"),
                row.getOffsetDateTime("paused_at") == null ? null : row.getOffsetDateTime("paused_at").toInstant());
    }

    private record Located(String storeId, GeoPoint location) {
    }
}
