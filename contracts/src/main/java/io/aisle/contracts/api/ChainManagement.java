package io.aisle.contracts.api;

/** Where a chain's endpoint and credentials come from. */
public enum ChainManagement {
    /** Registered and changed through the admin API, stored in the registry. */
    API,
    /** The configuration file (and its environment overrides); the registry only enables or disables it. */
    CONFIG
}
