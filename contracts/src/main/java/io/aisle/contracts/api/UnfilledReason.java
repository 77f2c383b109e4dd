package io.aisle.contracts.api;

/** Why units of a basket line stay unfilled; an {@link UnfilledLine} carries its name. */
public enum UnfilledReason {
    /** Every candidate store that might have the product answered, and none has it or an accepted substitute left. */
    OUT_OF_STOCK,
    /**
     * No store could confirm the units: the stores that answered do not have them, and some candidates did not
     * answer in time (timed out, failed, circuit open, over their chain's quota). The product may well be in stock
     * there: ask again shortly rather than tell the household it is gone.
     */
    NO_STORE_ANSWERED,
    /**
     * Units the candidates left out of the plan would supply: filling from every candidate leaves this many fewer
     * units unfilled, but takes more stores than allowed.
     */
    MAX_STORES,
    /** The units asked for beyond the product's purchase cap (per order). */
    PURCHASE_CAP,
    /**
     * The units asked for beyond what the household (the order's {@code customerRef} within its client) may still buy
     * of the product in its household cap's window: the units filled are what was left to it.
     */
    HOUSEHOLD_CAP,
    /** A candidate has the product or an accepted substitute in stock, but priced above its ceiling. */
    PRICE_CEILING,
    /**
     * A candidate has the product or an accepted substitute in stock, but the units left are the share it keeps for
     * priority orders (the product's {@code priorityReserve}), which an ordinary (STANDARD) order or quote may not use.
     */
    PRIORITY_RESERVE
}
