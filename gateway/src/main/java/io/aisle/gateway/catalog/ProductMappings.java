package io.aisle.gateway.catalog;

import io.aisle.adapters.legacyxml.PartnerCode;
import io.aisle.adapters.legacyxml.ProductCodeMapping;
import io.aisle.adapters.legacyxml.ProductMapping;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.reference.ReferenceVersions.Area;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each chain's own product codes (table {@code product_mappings}), for adapters of chains that do not
 * speak GTIN. A chain's whole mapping is loaded at once and kept until the mappings' {@link
 * ReferenceVersions version} changes (every upsert here announces one, for every instance), or for a
 * minute at most: it changes rarely and is needed on every call.
 */
public final class ProductMappings implements ProductCodeMapping {

    private static final int BATCH = 500;
    private static final Duration KEEP_FOR = Duration.ofMinutes(1);
    private static final String OF_CHAIN = "select gtin, partner_code, partner_units_per_unit from product_mappings where chain_id = $1";
    private static final String UPSERT = """
            insert into product_mappings (chain_id, gtin, partner_code, partner_units_per_unit) values ($1, $2, $3, $4)
            on conflict (chain_id, gtin) do update set partner_code = excluded.partner_code,
              partner_units_per_unit = excluded.partner_units_per_unit""";

    private final Pool pg;
    private final Clock clock;
    private final ReferenceVersions versions;
    private final Map<String, Loaded> chains = new ConcurrentHashMap<>();

    public ProductMappings(Pool pg, Clock clock, ReferenceVersions versions) {
        this.pg = pg;
        this.clock = clock;
        this.versions = versions;
    }

    @Override
    public Future<Map<Gtin, PartnerCode>> codesFor(String chainId, Collection<Gtin> gtins) {
        return chain(chainId).map(all -> {
            Map<Gtin, PartnerCode> found = new HashMap<>();
            for (Gtin gtin : gtins) {
                PartnerCode code = all.get(gtin);
                if (code != null) {
                    found.put(gtin, code);
                }
            }
            return found;
        });
    }

    public Future<Void> upsert(List<ProductMapping> mappings) {
        return upsert(pg, mappings).onComplete(ignored -> chains.clear()).compose(ignored -> versions.changed(Area.MAPPINGS));
    }

    /** Writes the mappings on {@code sql} (a transaction of the caller's); {@link #changed()} announces them after its commit. */
    public Future<Void> upsert(SqlClient sql, List<ProductMapping> mappings) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < mappings.size(); from += BATCH) {
            List<ProductMapping> batch = mappings.subList(from, Math.min(mappings.size(), from + BATCH));
            chain = chain.compose(ignored -> sql.preparedQuery(UPSERT).executeBatch(batch.stream()
                    .map(m -> Tuple.of(m.chainId(), m.gtin().value(), m.partnerCode().code(), m.partnerCode().unitsPerUnit())).toList())
                    .mapEmpty());
        }
        return chain;
    }

    /** Every instance reads the chains' codes again before its next use. */
    public Future<Void> changed() {
        chains.clear();
        return versions.changed(Area.MAPPINGS);
    }

    private Future<Map<Gtin, PartnerCode>> chain(String chainId) {
        Instant now = clock.instant();
        String token = versions.lastRead().of(Area.MAPPINGS);
        Loaded loaded = chains.get(chainId);
        if (loaded != null && loaded.until.isAfter(now) && loaded.token.equals(token)) {
            return Future.succeededFuture(loaded.codes);
        }
        return pg.preparedQuery(OF_CHAIN).execute(Tuple.of(chainId)).map(rows -> {
            Map<Gtin, PartnerCode> codes = new HashMap<>();
            for (Row row : rows) {
                codes.put(Gtin.of(row.getString(0)), new PartnerCode(row.getString(1), row.getInteger(2)));
            }
            chains.put(chainId, new Loaded(Map.copyOf(codes), now.plus(KEEP_FOR), token));
            return codes;
        });
    }

    private record Loaded(Map<Gtin, PartnerCode> codes, Instant until, String token) {
    }
}
