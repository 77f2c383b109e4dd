package io.aisle.contracts.api;

/**
 * What becomes of units a store picks short (after the line's substitution policy): RESOURCE asks other nearby stores
 * for them and picks them there as a new leg of the order (refunded when none has them); REFUND refunds them at once.
 */
public enum ShortagePolicy {
    RESOURCE,
    REFUND
}
