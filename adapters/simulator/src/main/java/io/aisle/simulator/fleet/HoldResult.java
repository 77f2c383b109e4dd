package io.aisle.simulator.fleet;

import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.value.Checks;

/** What a store did with a hold request: took it, recognised a replay, refused it for stock, or found it invalid. */
public record HoldResult(Outcome outcome, Hold hold, String detail) {

    public enum Outcome {
        CREATED,
        REPLAYED,
        OUT_OF_STOCK,
        INVALID
    }

    public HoldResult {
        Checks.requireNonNull(outcome, "outcome");
        boolean success = outcome == Outcome.CREATED || outcome == Outcome.REPLAYED;
        if (success != (hold != null)) {
            throw new IllegalArgumentException("a hold comes with CREATED or REPLAYED and only then");
        }
    }

    static HoldResult created(Hold hold) {
        return new HoldResult(Outcome.CREATED, hold, null);
    }

    static HoldResult replayed(Hold hold) {
        return new HoldResult(Outcome.REPLAYED, hold, null);
    }

    static HoldResult outOfStock(String detail) {
        return new HoldResult(Outcome.OUT_OF_STOCK, null, detail);
    }

    static HoldResult invalid(String detail) {
        return new HoldResult(Outcome.INVALID, null, detail);
    }
}
