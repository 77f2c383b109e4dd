package io.aisle.adapters.legacyxml;

import io.aisle.contracts.value.Gtin;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ProductCodeMapping} held in memory, built from a list of rows: for tests, the simulator and
 * dev-mode seeding. As in the registry, a chain has at most one code per GTIN and one GTIN per code.
 * Immutable and thread-safe; lookups complete at once.
 */
public final class ProductCodeTable implements ProductCodeMapping {

    private final Map<String, Map<Gtin, PartnerCode>> byChain;
    private final List<ProductMapping> rows;

    public ProductCodeTable(Collection<ProductMapping> mappings) {
        Objects.requireNonNull(mappings, "mappings");
        Map<String, Map<Gtin, PartnerCode>> chains = new HashMap<>();
        Map<String, Map<String, Gtin>> codes = new HashMap<>();
        for (ProductMapping row : mappings) {
            Map<Gtin, PartnerCode> ofChain = chains.computeIfAbsent(row.chainId(), id -> new HashMap<>());
            if (ofChain.putIfAbsent(row.gtin(), row.partnerCode()) != null) {
                throw new IllegalArgumentException("chain " + row.chainId() + " maps " + row.gtin() + " twice");
            }
            Gtin other = codes.computeIfAbsent(row.chainId(), id -> new HashMap<>()).putIfAbsent(row.partnerCode().code(), row.gtin());
            if (other != null) {
                throw new IllegalArgumentException("chain " + row.chainId() + " uses code " + row.partnerCode().code()
                        + " for both " + other + " and " + row.gtin());
            }
        }
        Map<String, Map<Gtin, PartnerCode>> frozen = new HashMap<>();
        chains.forEach((chain, map) -> frozen.put(chain, Map.copyOf(map)));
        this.byChain = Map.copyOf(frozen);
        this.rows = List.copyOf(mappings);
    }

    @Override
    public Future<Map<Gtin, PartnerCode>> codesFor(String chainId, Collection<Gtin> gtins) {
        return Future.succeededFuture(lookup(chainId, gtins));
    }

    /** The same lookup, answered directly. The map keeps the order of {@code gtins}. */
    public Map<Gtin, PartnerCode> lookup(String chainId, Collection<Gtin> gtins) {
        Map<Gtin, PartnerCode> ofChain = byChain.getOrDefault(chainId, Map.of());
        Map<Gtin, PartnerCode> result = new LinkedHashMap<>();
        for (Gtin gtin : gtins) {
            PartnerCode code = ofChain.get(gtin);
            if (code != null) {
                result.put(gtin, code);
            }
        }
        return result;
    }

    /** Every row, as given. */
    public List<ProductMapping> rows() {
        return rows;
    }
}
