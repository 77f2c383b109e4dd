package io.aisle.adapters.dispatch;

import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.callback.CallbackVerifier;
import io.aisle.adapters.callback.CallbackVerifier.SignatureHeaders;
import io.aisle.adapters.callback.NonceStore;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Accepts a rider event callback ({@code POST /dispatch/v1/events}) only when it is authentic,
 * fresh and not seen before, in that order (the checks are {@link CallbackVerifier}'s):
 * <ol>
 *   <li>the signature headers sign the exact body and the timestamp is within the signer's
 *       tolerance, else {@link Reason#UNAUTHENTICATED};</li>
 *   <li>the body is a valid {@link RiderEvent}, else {@link Reason#MALFORMED};</li>
 *   <li>the nonce is new, else {@link Reason#REPLAYED}; a nonce store out of reach is
 *       {@link Reason#UNAVAILABLE}.</li>
 * </ol>
 * A failed future always carries a {@link CallbackRejected}. Rider dispatch signs every delivery
 * attempt afresh, so a retried event has a new nonce; the event id is what identifies the event.
 * Free of web framework types: the gateway's route hands over the request headers and body.
 */
public final class RiderEventReceiver {

    private final HmacSigner signer;
    private final CallbackVerifier verifier;

    public RiderEventReceiver(HmacSigner signer, NonceStore nonces) {
        this.signer = Checks.requireNonNull(signer, "signer");
        this.verifier = new CallbackVerifier(nonces);
    }

    /** Verifies and parses one callback; {@code headers} are the HTTP request headers (case-insensitive). */
    public Future<RiderEvent> receive(MultiMap headers, Buffer body) {
        SignatureHeaders signature = SignatureHeaders.of(headers);
        return receive(signature.timestamp(), signature.nonce(), signature.signature(), body == null ? new byte[0] : body.getBytes());
    }

    /** Verifies and parses one callback given its three signature header values and its body. */
    public Future<RiderEvent> receive(String timestamp, String nonce, String signature, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return verifier.authenticate(signer, new SignatureHeaders(timestamp, nonce, signature), bytes)
                .compose(ignored -> parse(bytes))
                .compose(event -> verifier.spendNonce(null, nonce, signer)
                        .recover(error -> Future.failedFuture(error instanceof CallbackRejected ? error
                                : new CallbackRejected(Reason.UNAVAILABLE, "cannot check the nonce: " + error.getMessage(), error)))
                        .map(event));
    }

    private static Future<RiderEvent> parse(byte[] bytes) {
        RiderEvent event;
        try {
            event = Json.mapper().readValue(bytes, RiderEvent.class);
        } catch (IOException | IllegalArgumentException e) {
            return Future.failedFuture(new CallbackRejected(Reason.MALFORMED, "body is not a rider event: "
                    + CallbackRejected.firstLine(e.getMessage()), e));
        }
        return event == null
                ? Future.failedFuture(new CallbackRejected(Reason.MALFORMED, "body is not a rider event: null"))
                : Future.succeededFuture(event);
    }
}
