package io.aisle.simulator.fleet;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Checks;

/**
 * One simulated chain: its id, protocol, display name, how many stores it has, its price level in
 * per mille of the catalogue's base prices, the API key its endpoints expect, and the secret it signs
 * its callbacks to the gateway with.
 */
public record ChainSpec(String chainId, PartnerKind kind, String displayName, int stores, int pricePermille, String apiKey,
        String signingSecret) {

    public ChainSpec {
        Checks.requireId(chainId, "chainId");
        Checks.requireNonNull(kind, "kind");
        Checks.requireText(displayName, "displayName");
        Checks.requireNonNegative(stores, "stores");
        if (pricePermille < 500 || pricePermille > 2000) {
            throw new IllegalArgumentException("pricePermille must be within [500, 2000], got " + pricePermille);
        }
        Checks.requireText(apiKey, "apiKey");
        Checks.requireText(signingSecret, "signingSecret");
    }

    public ChainSpec withStores(int count) {
        return new ChainSpec(chainId, kind, displayName, count, pricePermille, apiKey, signingSecret);
    }
}
