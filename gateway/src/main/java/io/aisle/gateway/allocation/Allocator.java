package io.aisle.gateway.allocation;

/**
 * Turns the stock offers of candidate stores, a basket and the rules into a plan. A pure function: no I/O, no clock,
 * and the same request gives the same plan whatever order its candidates, their offers and the products are listed in.
 *
 * <p>The plan is the best one by these criteria, in order: fewest unfilled units; fewest stores (never more than
 * {@code maxStores}); fewest substituted units; substitutes earliest in each line's list of alternates (the sum over
 * substitute units of their position in that list; SIMILAR substitutes all count 0); shortest total distance to the
 * stores used; lowest total price; and last the sorted store ids, so that no two plans tie.
 *
 * <p>Substitutes follow rules the criteria do not override. A line takes a substitute only for units its own product
 * cannot fill from the stores of the plan, and every line takes its own product before any line takes substitutes, so
 * a product one line asks for goes to that line before it stands in for another. The units asked for beyond a
 * product's purchase cap stay unfilled (they are not substituted); units used as a substitute count against the
 * substitute's own cap. Offers above their price ceiling are not used.
 *
 * <p>Sets of stores are searched exhaustively up to {@code maxStores}, with bounds that skip the sets that cannot beat
 * the best plan so far; each set is filled exactly (a minimum-cost maximum flow for the substitutes).
 */
public final class Allocator {

    private Allocator() {
    }

    public static Plan allocate(AllocationRequest request) {
        IndexedRequest indexed = IndexedRequest.of(request);
        SubsetFill best = SubsetSearch.best(indexed, request.rules().maxStores());
        boolean limitMayCost = best.score().unfilled() > indexed.cappedUnits && best.storeCount() < indexed.storeCount;
        return best.toPlan(limitMayCost ? SubsetFill.filledEverywhere(indexed) : best.filled());
    }
}
