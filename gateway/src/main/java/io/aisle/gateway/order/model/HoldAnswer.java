package io.aisle.gateway.order.model;

/**
 * What asking a store for a hold came to: held; refused (the store said no: nothing is held there); or
 * unclear (no answer in time, the connection failed, garbage, or the call was not made now though an
 * earlier attempt may have reached the store): the store may hold the stock, so it must be released.
 */
public record HoldAnswer(boolean held, boolean mayBeHeld, String failure) {

    public static HoldAnswer taken() {
        return new HoldAnswer(true, true, null);
    }

    public static HoldAnswer refused(String why) {
        return new HoldAnswer(false, false, why);
    }

    public static HoldAnswer unclear(String why) {
        return new HoldAnswer(false, true, why);
    }
}
