package io.aisle.contracts.partner;

public enum StockPushKind {
    /** Every product the store sells; anything not listed is out of stock. */
    SNAPSHOT,
    /** Only the products whose level changed, each with its new absolute level. */
    DELTA
}
