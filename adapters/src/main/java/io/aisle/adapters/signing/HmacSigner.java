package io.aisle.adapters.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies callbacks between Aisle and its partners (stock pushes, pick results, rider
 * events, webhooks). The signature is {@code v1=hex(HMAC-SHA256(secret, timestamp + "." + nonce + "." + body))}
 * sent with the timestamp (epoch seconds) and a nonce. Verification checks the signature in constant
 * time and the timestamp against a tolerance; a received callback is checked whole, replayed nonces
 * included, by {@link io.aisle.adapters.callback.CallbackVerifier}.
 */
public final class HmacSigner {

    public static final String SIGNATURE_HEADER = "X-Aisle-Signature";
    public static final String TIMESTAMP_HEADER = "X-Aisle-Timestamp";
    public static final String NONCE_HEADER = "X-Aisle-Nonce";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration tolerance;

    public HmacSigner(String secret, Clock clock, Duration tolerance) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("a signing secret has at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
        this.tolerance = tolerance;
    }

    public HmacSigner(String secret) {
        this(secret, Clock.systemUTC(), DEFAULT_TOLERANCE);
    }

    /** The three headers to send with {@code body}. */
    public Signature sign(byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = UUID.randomUUID().toString();
        return new Signature(timestamp, nonce, "v1=" + HexFormat.of().formatHex(mac(timestamp, nonce, body)));
    }

    /** Empty when the headers are a valid, fresh signature of {@code body}; otherwise why not. */
    public Optional<String> verify(String timestamp, String nonce, String signature, byte[] body) {
        if (timestamp == null || nonce == null || signature == null) {
            return Optional.of("missing " + TIMESTAMP_HEADER + ", " + NONCE_HEADER + " or " + SIGNATURE_HEADER);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of(TIMESTAMP_HEADER + " is not epoch seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            return Optional.of("timestamp is outside the " + tolerance.toSeconds() + " s tolerance");
        }
        if (nonce.isBlank() || nonce.length() > 128) {
            return Optional.of(NONCE_HEADER + " must be 1 to 128 characters");
        }
        if (!signature.startsWith("v1=")) {
            return Optional.of("unsupported signature scheme");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(3));
        } catch (IllegalArgumentException e) {
            return Optional.of("signature is not hex");
        }
        if (!MessageDigest.isEqual(given, mac(timestamp, nonce, body))) {
            return Optional.of("signature does not match");
        }
        return Optional.empty();
    }

    public Duration tolerance() {
        return tolerance;
    }

    private byte[] mac(String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The header values of one signed message. */
    public record Signature(String timestamp, String nonce, String signature) {
    }
}
