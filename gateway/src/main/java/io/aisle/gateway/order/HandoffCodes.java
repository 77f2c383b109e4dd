package io.aisle.gateway.order;

import java.security.SecureRandom;

/**
 * The handoff code of an order: six digits drawn from a {@link SecureRandom}, which the household (or the
 * staff it hands over through) tells the rider at the door, so the bags go to whom they are for. Not a
 * secret of the account: one order's code, shown to the client that placed it and given to the rider.
 */
final class HandoffCodes {

    static final int DIGITS = 6;
    private static final int BOUND = (int) Math.pow(10, DIGITS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private HandoffCodes() {
    }

    /** A fresh code, leading zeros kept ({@code "004217"}). */
    static String next() {
        return String.format("%0" + DIGITS + "d", RANDOM.nextInt(BOUND));
    }
}
