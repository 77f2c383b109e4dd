package io.aisle.adapters.pushonly;

import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.value.Checks;
import java.time.Clock;
import java.time.Duration;
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

    static CallbackSigners of(Map<String, String> secretsByChain, Clock clock, Duration tolerance) {
        Checks.requireNonNull(secretsByChain, "secretsByChain");
        Map<String, HmacSigner> signers = secretsByChain.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> new HmacSigner(entry.getValue(), clock, tolerance)));
        return chainId -> Optional.ofNullable(signers.get(chainId));
    }
}
