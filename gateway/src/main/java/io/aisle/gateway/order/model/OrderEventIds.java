package io.aisle.gateway.order.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The id of an order's status change: webhooks and the event stream name each change alike. */
public final class OrderEventIds {

    private OrderEventIds() {
    }

    /** The event id of an order's {@code sequence}-th status change, at most 128 characters. */
    public static String of(String orderId, long sequence) {
        String readable = "evt-" + orderId + "-" + sequence;
        if (readable.length() <= 128) {
            return readable;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(orderId.getBytes(StandardCharsets.UTF_8));
            return "evt-" + HexFormat.of().formatHex(digest, 0, 16) + "-" + sequence;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
