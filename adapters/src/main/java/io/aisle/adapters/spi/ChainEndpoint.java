package io.aisle.adapters.spi;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Checks;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach one chain: its protocol, base URL and credentials, and the bounds of its HTTP pool.
 * {@code maxConnections} and {@code maxWaitQueue} bound the chain's shared pool so one slow chain
 * cannot queue work without limit; {@code callTimeout} bounds each call.
 */
public record ChainEndpoint(
        String chainId,
        PartnerKind kind,
        String baseUrl,
        String apiKey,
        String signingSecret,
        int maxConnections,
        int maxWaitQueue,
        Duration callTimeout) {

    public ChainEndpoint {
        Checks.requireText(chainId, "chainId");
        Checks.requireNonNull(kind, "kind");
        if (kind != PartnerKind.PUSH_ONLY) {
            Checks.requireText(baseUrl, "baseUrl of chain " + chainId);
            URI uri = URI.create(baseUrl);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("baseUrl of chain " + chainId + " must be an http(s) URL, got " + baseUrl);
            }
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections of chain " + chainId + " must be positive, got " + maxConnections);
        }
        if (maxWaitQueue < 0) {
            throw new IllegalArgumentException("maxWaitQueue of chain " + chainId + " must not be negative, got " + maxWaitQueue);
        }
        Checks.requireNonNull(callTimeout, "callTimeout of chain " + chainId);
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout of chain " + chainId + " must be positive, got " + callTimeout);
        }
    }

    /** Never shows the credentials (an endpoint may end up in a log line). */
    @Override
    public String toString() {
        return "ChainEndpoint[" + chainId + ", " + kind + ", " + baseUrl + ", apiKey " + (apiKey == null ? "unset" : "set")
                + ", signingSecret " + (signingSecret == null ? "unset" : "set") + ", maxConnections=" + maxConnections
                + ", maxWaitQueue=" + maxWaitQueue + ", callTimeout=" + callTimeout + "]";
    }
}
