package io.aisle.gateway.planning.picklist;

/** Why units of a line are refunded. */
public enum RefundReason {
    /** Not picked, and no substitute the customer accepts was picked for them. */
    SHORT,
    /** Replaced by an accepted substitute: the original units are refunded, the substitute is charged on its own. */
    REPLACED
}
