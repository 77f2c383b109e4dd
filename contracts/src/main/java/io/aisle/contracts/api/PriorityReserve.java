package io.aisle.contracts.api;

/**
 * The share of each store's stock of a scarce product kept for priority orders (HOSPITAL, ESSENTIAL_WORKER): an ordinary
 * order sees a store's answered units less {@code share} of them (rounded down), a priority order sees them all. At most
 * {@value #MAX_SHARE}, so ordinary orders always keep at least half of every store's stock.
 */
public record PriorityReserve(double share) {

    public static final double MAX_SHARE = 0.5;

    public PriorityReserve {
        if (!(share > 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException("share must be more than 0 and at most " + MAX_SHARE + ", got " + share);
        }
    }

    /** The units of a store's {@code available} units kept for priority orders. */
    public int unitsOf(int available) {
        return (int) Math.floor(available * share + 1e-9);
    }
}
