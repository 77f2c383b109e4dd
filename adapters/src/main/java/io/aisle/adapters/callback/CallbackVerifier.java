package io.aisle.adapters.callback;

import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks a signed callback, whoever sent it, in two steps around the reading of its body:
 * <ol>
 *   <li>{@link #authenticate}: the {@link HmacSigner} headers sign the exact body with the sender's
 *       secret and the timestamp is within the signer's tolerance, else
 *       {@link Reason#UNAUTHENTICATED UNAUTHENTICATED};</li>
 *   <li>{@link #spendNonce}, once the body is known to be well formed (so forged or garbled traffic
 *       cannot fill the store): the nonce is new, else {@link Reason#REPLAYED REPLAYED}. Nonces are
 *       kept ({@link NonceStore}, shared by every gateway instance) for twice the tolerance, the
 *       span of timestamps the signer accepts.</li>
 * </ol>
 * Free of web framework types: the receiver hands over the request headers and raw body.
 */
public final class CallbackVerifier {

    private final NonceStore nonces;

    public CallbackVerifier(NonceStore nonces) {
        this.nonces = Checks.requireNonNull(nonces, "nonces");
    }

    /** The three signature headers of a request, read case-insensitively. */
    public record SignatureHeaders(String timestamp, String nonce, String signature) {

        public static SignatureHeaders of(MultiMap headers) {
            Checks.requireNonNull(headers, "headers");
            return new SignatureHeaders(headers.get(HmacSigner.TIMESTAMP_HEADER), headers.get(HmacSigner.NONCE_HEADER),
                    headers.get(HmacSigner.SIGNATURE_HEADER));
        }
    }

    /** Succeeds when {@code headers} are a valid, fresh signature of {@code body} by {@code signer}; else fails UNAUTHENTICATED. */
    public Future<Void> authenticate(HmacSigner signer, SignatureHeaders headers, byte[] body) {
        Optional<String> wrong = signer.verify(headers.timestamp(), headers.nonce(), headers.signature(), body);
        return wrong.isPresent()
                ? Future.failedFuture(new CallbackRejected(Reason.UNAUTHENTICATED, wrong.get()))
                : Future.succeededFuture();
    }

    /**
     * Records the nonce of an authentic callback in {@code scope} (the sender, when nonces of several
     * senders share the store; null when they do not). Fails REPLAYED when it was used before; fails
     * with the store's own failure when the store cannot be reached (the receiver says how it
     * answers an outage).
     */
    public Future<Void> spendNonce(String scope, String nonce, HmacSigner signer) {
        return nonces.firstSeen(scope == null ? nonce : scope + ":" + nonce, ttl(signer)).compose(first -> first
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(new CallbackRejected(Reason.REPLAYED, "nonce " + nonce + " was already used")));
    }

    /** How long a nonce is remembered: twice the signer's tolerance, the span of timestamps it accepts. */
    private static Duration ttl(HmacSigner signer) {
        return signer.tolerance().multipliedBy(2);
    }
}
