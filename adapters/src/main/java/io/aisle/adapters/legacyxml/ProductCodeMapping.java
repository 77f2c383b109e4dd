package io.aisle.adapters.legacyxml;

import io.aisle.contracts.value.Gtin;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/**
 * Where a chain's own product codes come from: the registry's {@code product_mappings} (PostgreSQL in
 * the gateway), or a {@link ProductCodeTable} in tests and the simulator. Non-blocking.
 */
public interface ProductCodeMapping {

    /**
     * The chain's codes of the given products. A product the chain has no code for is absent from the
     * map (the chain does not sell it); the future fails only when the mapping cannot be read.
     */
    Future<Map<Gtin, PartnerCode>> codesFor(String chainId, Collection<Gtin> gtins);
}
