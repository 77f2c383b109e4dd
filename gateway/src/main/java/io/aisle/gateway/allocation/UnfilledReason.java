package io.aisle.gateway.allocation;

/** Why units of a basket line stay unfilled; an {@link io.aisle.contracts.api.UnfilledLine} carries its name. */
public enum UnfilledReason {
    /** No candidate has the product or an accepted substitute left for this line. */
    OUT_OF_STOCK,
    /**
     * Units the candidates left out of the plan would supply: filling from every candidate leaves this many fewer
     * units unfilled, but takes more stores than allowed.
     */
    MAX_STORES,
    /** The units asked for beyond the product's purchase cap. */
    PURCHASE_CAP,
    /** A candidate has the product or an accepted substitute in stock, but priced above its ceiling. */
    PRICE_CEILING
}
