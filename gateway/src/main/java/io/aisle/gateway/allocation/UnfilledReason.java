package io.aisle.gateway.allocation;

/** Why units of a basket line stay unfilled; an {@link io.aisle.contracts.api.UnfilledLine} carries its name. */
public enum UnfilledReason {
    /** Neither the product nor an accepted substitute is in stock at any candidate within its price ceiling. */
    OUT_OF_STOCK,
    /** A candidate left out of the plan has the product or an accepted substitute: the store limit stood in the way. */
    MAX_STORES,
    /** The units asked for beyond the product's purchase cap. */
    PURCHASE_CAP,
    /** The product or an accepted substitute is only offered above its price ceiling. */
    PRICE_CEILING
}
