package io.aisle.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a chain's credentials (API key, signing secret) for the registry: AES-256-GCM under the key of
 * {@code auth.chainCredentialsKey} (32 bytes, base64), a fresh 12-byte nonce per value, the chain id
 * and the field as associated data (a sealed value copied to another chain or field does not open).
 * Stored as {@code v1:<base64(nonce | ciphertext+tag)>}. Without a key values are stored as
 * {@code plain:<text>}: dev mode and tests work, production should set the key. Either form opens.
 */
public final class ChainCredentials {

    private static final String SEALED = "v1:";
    private static final String PLAIN = "plain:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private ChainCredentials(SecretKey key) {
        this.key = key;
    }

    /** From the configured key (base64 of 32 bytes); null or empty: values are stored unsealed. */
    public static ChainCredentials withKey(String base64Key) {
        if (base64Key == null || base64Key.isEmpty()) {
            return new ChainCredentials(null);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.chainCredentialsKey must be base64 (of 32 bytes)");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("auth.chainCredentialsKey must be 32 bytes (base64), got " + raw.length);
        }
        return new ChainCredentials(new SecretKeySpec(raw, "AES"));
    }

    public boolean sealing() {
        return key != null;
    }

    /** The stored form of {@code value} (null stays null). */
    public String seal(String chainId, String field, String value) {
        if (value == null) {
            return null;
        }
        if (key == null) {
            return PLAIN + value;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(chainId, field));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return SEALED + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a credential of chain " + chainId, e);
        }
    }

    /** The value of a stored form (null stays null); fails when it was sealed under another key, or no key is set. */
    public String open(String chainId, String field, String stored) {
        if (stored == null) {
            return null;
        }
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(SEALED)) {
            throw new IllegalStateException("the " + field + " of chain " + chainId + " is stored in an unknown form");
        }
        if (key == null) {
            throw new IllegalStateException("the " + field + " of chain " + chainId + " is sealed, and auth.chainCredentialsKey is not set");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(SEALED.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associated(chainId, field));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the " + field + " of chain " + chainId + " does not open with auth.chainCredentialsKey");
        }
    }

    private static byte[] associated(String chainId, String field) {
        return (chainId + "\u0000" + field).getBytes(StandardCharsets.UTF_8);
    }
}
