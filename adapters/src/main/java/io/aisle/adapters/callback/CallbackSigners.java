package io.aisle.adapters.callback;

import io.aisle.adapters.signing.HmacSigner;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.value.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The signer (shared secret) of each chain's callbacks; a chain without one cannot call back. */
@FunctionalInterface
public interface CallbackSigners {

    Optional<HmacSigner> forChain(String chainId);

    /** Signers for fixed secrets by chain id, on {@code clock}, with the default tolerance. */
    static CallbackSigners of(Map<String, String> secretsByChain, Clock clock) {
        return of(secretsByChain, clock, HmacSigner.DEFAULT_TOLERANCE);
    }

    /** Signers for the chains among {@code endpoints} that have a signing secret. */
    static CallbackSigners fromEndpoints(Collection<ChainEndpoint> endpoints, Clock clock) {
        Checks.requireNonNull(endpoints, "endpoints");
        return of(endpoints.stream().filter(endpoint -> endpoint.signingSecret() != null && !endpoint.signingSecret().isBlank())
                .collect(Collectors.toUnmodifiableMap(ChainEndpoint::chainId, ChainEndpoint::signingSecret)), clock);
    }

    static CallbackSigners of(Map<String, String> secretsByChain, Clock clock, Duration tolerance) {
        Checks.requireNonNull(secretsByChain, "secretsByChain");
        Map<String, HmacSigner> signers = secretsByChain.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> new HmacSigner(entry.getValue(), clock, tolerance)));
        return chainId -> Optional.ofNullable(signers.get(chainId));
    }
}
