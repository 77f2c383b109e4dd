package io.aisle.adapters.dispatch;

import io.aisle.adapters.dispatch.RiderEventRejected.Reason;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Accepts a rider event callback ({@code POST /dispatch/v1/events}) only when it is authentic,
 * fresh and not seen before, in that order:
 * <ol>
 *   <li>the {@link HmacSigner} headers sign the exact body and the timestamp is within the
 *       signer's tolerance, else {@link Reason#UNAUTHENTICATED};</li>
 *   <li>the body is a valid {@link RiderEvent}, else {@link Reason#MALFORMED};</li>
 *   <li>the nonce is new, else {@link Reason#REPLAYED}. Nonces are kept for twice the tolerance,
 *       the span of timestamps the signer accepts. Only authentic, well-formed messages reach the
 *       nonce store, so forged traffic cannot fill it.</li>
 * </ol>
 * A failed future always carries a {@link RiderEventRejected}. Rider dispatch signs every delivery
 * attempt afresh, so a retried event has a new nonce; the event id is what identifies the event.
 * Free of web framework types: the gateway's route hands over the request headers and body.
 */
public final class RiderEventReceiver {

    private final HmacSigner signer;
    private final NonceStore nonces;
    private final Duration nonceTtl;

    public RiderEventReceiver(HmacSigner signer, NonceStore nonces) {
        this.signer = Checks.requireNonNull(signer, "signer");
        this.nonces = Checks.requireNonNull(nonces, "nonces");
        this.nonceTtl = signer.tolerance().multipliedBy(2);
    }

    /** Verifies and parses one callback; {@code headers} are the HTTP request headers (case-insensitive). */
    public Future<RiderEvent> receive(MultiMap headers, Buffer body) {
        Checks.requireNonNull(headers, "headers");
        return receive(headers.get(HmacSigner.TIMESTAMP_HEADER), headers.get(HmacSigner.NONCE_HEADER),
                headers.get(HmacSigner.SIGNATURE_HEADER), body == null ? new byte[0] : body.getBytes());
    }

    /** Verifies and parses one callback given its three signature header values and its body. */
    public Future<RiderEvent> receive(String timestamp, String nonce, String signature, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        Optional<String> wrong = signer.verify(timestamp, nonce, signature, bytes);
        if (wrong.isPresent()) {
            return Future.failedFuture(new RiderEventRejected(Reason.UNAUTHENTICATED, wrong.get()));
        }
        RiderEvent event;
        try {
            event = Json.mapper().readValue(bytes, RiderEvent.class);
        } catch (IOException | IllegalArgumentException e) {
            return Future.failedFuture(new RiderEventRejected(Reason.MALFORMED, "body is not a rider event: "
                    + firstLine(e.getMessage()), e));
        }
        if (event == null) {
            return Future.failedFuture(new RiderEventRejected(Reason.MALFORMED, "body is not a rider event: null"));
        }
        return nonces.firstSeen(nonce, nonceTtl)
                .recover(error -> Future.failedFuture(new RiderEventRejected(Reason.UNAVAILABLE,
                        "cannot check the nonce: " + error.getMessage(), error)))
                .compose(first -> first
                        ? Future.succeededFuture(event)
                        : Future.failedFuture(new RiderEventRejected(Reason.REPLAYED, "nonce " + nonce + " was already used")));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
