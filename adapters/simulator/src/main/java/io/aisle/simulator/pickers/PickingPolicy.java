package io.aisle.simulator.pickers;

/**
 * How a store's pickers fare, as {@code POST /sim/stores/{storeId}/picking} sets it.
 *
 * @param shortShare the share of pick lines (per order and product) whose units the picker does not all
 *                   find on the shelf, from 0 (finds everything the store holds) to 1 (every line short);
 *                   which lines are short is decided by the fleet's seed, the same every run
 * @param substitute whether a short line is made up with a product of the same category and size class
 *                   that the store has free
 */
public record PickingPolicy(double shortShare, boolean substitute) {

    /** A store that picks everything it has and never substitutes. */
    public static final PickingPolicy FAULT_FREE = new PickingPolicy(0.0, false);

    public PickingPolicy {
        if (!(shortShare >= 0.0 && shortShare <= 1.0)) {
            throw new IllegalArgumentException("shortShare must be within [0.0, 1.0], got " + shortShare);
        }
    }
}
