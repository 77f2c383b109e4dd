package io.aisle.contracts.partner;

/** The protocols supermarket chains speak. Each has its adapter and its simulator. */
public enum PartnerKind {
    /** JSON over HTTP, exactly as the Aisle partner API documents it. */
    AISLE_PARTNER_API,
    /** A chain's own XML-over-HTTP API with its own product codes, prices in fen and units in jin. */
    LEGACY_XML,
    /** Cannot answer queries: pushes stock snapshots and deltas, pulls its pick lists, soft holds. */
    PUSH_ONLY
}
