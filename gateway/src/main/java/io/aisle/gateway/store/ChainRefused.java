package io.aisle.gateway.store;

import java.util.Map;

/** Why the admin API cannot register or change a chain; the edge answers each with its problem. */
public abstract sealed class ChainRefused extends RuntimeException {

    private final String chainId;

    ChainRefused(String chainId, String message) {
        super(message, null, false, false);
        this.chainId = chainId;
    }

    public String chainId() {
        return chainId;
    }

    /** The settings break rules: every offending member by JSON pointer into the request, with why. */
    public static final class Invalid extends ChainRefused {
        private final Map<String, String> violations;

        public Invalid(String chainId, Map<String, String> violations) {
            super(chainId, violations.size() + " member(s) of the chain's settings are invalid: " + violations.keySet());
            this.violations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(violations));
        }

        /** By pointer, in the order they were found. */
        public Map<String, String> violations() {
            return violations;
        }
    }

    /** No chain of that id in the registry. */
    public static final class Unknown extends ChainRefused {
        public Unknown(String chainId) {
            super(chainId, "no chain " + chainId);
        }
    }

    /** A chain of that id exists already (registered before, or configured). */
    public static final class Exists extends ChainRefused {
        public Exists(String chainId) {
            super(chainId, "chain " + chainId + " exists; change it with PUT /v1/admin/chains/" + chainId);
        }
    }

    /** The chain's endpoint comes from the configuration file: only enable and disable apply through the API. */
    public static final class Configured extends ChainRefused {
        public Configured(String chainId) {
            super(chainId, "chain " + chainId + " is defined in the configuration file; change it there (enable and disable"
                    + " apply through the API)");
        }
    }
}
