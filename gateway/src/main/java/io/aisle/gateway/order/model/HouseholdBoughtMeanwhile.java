package io.aisle.gateway.order.model;

/**
 * Another order of the household changed what it bought of a capped product between the count an order was planned
 * from and the lock its first transaction took: nothing of the order was written; it is planned again from {@link
 * #now()}.
 */
public final class HouseholdBoughtMeanwhile extends OrderFailure {

    private final transient HouseholdCount now;

    public HouseholdBoughtMeanwhile(HouseholdCount now) {
        super(null, "other orders of the household changed what it bought of a capped product while this one was planned;"
                + " nothing was stored, retry shortly with the same Idempotency-Key");
        this.now = now;
    }

    public HouseholdCount now() {
        return now;
    }
}
