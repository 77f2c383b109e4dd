package io.aisle.gateway.allocation;

import java.util.List;

/**
 * How good a plan is, compared field by field in this order, smaller first: unfilled units, stores used, substituted
 * units, preference (each substitute unit counts its rank among the line's alternates), total distance, total price,
 * and last the sorted store ids, so that no two different plans tie.
 */
record Score(long unfilled, int stores, long substituted, long preference, long distanceMm, long price,
             List<String> storeIds) implements Comparable<Score> {

    @Override
    public int compareTo(Score other) {
        int byCost = compareUpToDistance(other);
        if (byCost != 0) {
            return byCost;
        }
        if (price != other.price) {
            return Long.compare(price, other.price);
        }
        for (int i = 0; i < Math.min(storeIds.size(), other.storeIds.size()); i++) {
            int byId = storeIds.get(i).compareTo(other.storeIds.get(i));
            if (byId != 0) {
                return byId;
            }
        }
        return Integer.compare(storeIds.size(), other.storeIds.size());
    }

    /** Compares the fields up to and including distance: what a bound on a set of stores can be compared on. */
    int compareUpToDistance(Score other) {
        if (unfilled != other.unfilled) {
            return Long.compare(unfilled, other.unfilled);
        }
        if (stores != other.stores) {
            return Integer.compare(stores, other.stores);
        }
        if (substituted != other.substituted) {
            return Long.compare(substituted, other.substituted);
        }
        if (preference != other.preference) {
            return Long.compare(preference, other.preference);
        }
        return Long.compare(distanceMm, other.distanceMm);
    }
}
