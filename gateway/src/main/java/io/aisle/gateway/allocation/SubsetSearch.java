package io.aisle.gateway.allocation;

import java.util.Arrays;
import java.util.List;

/**
 * Finds the best set of at most {@code maxStores} stores: every set, smallest first, in depth-first order over the
 * stores nearest first, each branch cut as soon as a bound shows no set in it can beat the best fill found so far.
 *
 * <p>The bound of a branch fills the basket from the pooled stock of every store the branch may still add, each line
 * taking its own product first and then any accepted substitute as if no other line wanted it: no set in the branch
 * leaves fewer units unfilled. When a set would leave exactly that many, it uses at least the branch's number of
 * stores, at least the bound's substituted units (it has no more originals than the pool), and travels at least the
 * distance of its stores so far plus the nearest ones still to add. A branch is cut when that bound is already worse
 * than the best fill on unfilled units, stores, substituted units, preference and distance.
 */
final class SubsetSearch {

    private final IndexedRequest request;
    private final int maxStores;
    /** Usable units per product of stores {@code from} onwards: [from][gtin]. */
    private final int[][] stockFrom;
    /** Total distance of the first {@code n} stores, nearest first: [n]. */
    private final long[] distanceSum;
    private final int[] supply;
    private final int[] members;
    private final int[] originalScratch;
    private final int[] takenScratch;
    private SubsetFill best;

    private SubsetSearch(IndexedRequest request, int maxStores) {
        this.request = request;
        this.maxStores = Math.min(maxStores, request.storeCount);
        int n = request.storeCount;
        stockFrom = new int[n + 1][request.gtinCount];
        for (int s = n - 1; s >= 0; s--) {
            for (int g = 0; g < request.gtinCount; g++) {
                stockFrom[s][g] = stockFrom[s + 1][g] + request.usable[s][g];
            }
        }
        distanceSum = new long[n + 1];
        for (int s = 0; s < n; s++) {
            distanceSum[s + 1] = distanceSum[s] + request.distanceMm[s];
        }
        supply = new int[request.gtinCount];
        members = new int[this.maxStores];
        originalScratch = new int[request.lineCount];
        takenScratch = new int[request.gtinCount];
    }

    /** The best fill over all sets of at most {@code maxStores} of the request's stores; the empty set if none helps. */
    static SubsetFill best(IndexedRequest request, int maxStores) {
        SubsetSearch search = new SubsetSearch(request, maxStores);
        search.best = SubsetFill.of(request, new int[0]);
        for (int size = 1; size <= search.maxStores; size++) {
            Score everything = search.bound(new int[request.gtinCount], search.stockFrom[0], size, search.distanceSum[size]);
            if (everything.compareUpToDistance(search.best.score()) > 0) {
                break;
            }
            search.extend(0, 0, size, 0);
        }
        return search.best;
    }

    private void extend(int from, int depth, int size, long distance) {
        int more = size - depth - 1;
        for (int s = from; s <= request.storeCount - 1 - more; s++) {
            members[depth] = s;
            add(s, 1);
            long reached = distance + request.distanceMm[s];
            if (more == 0) {
                if (bound(supply, null, size, reached).compareUpToDistance(best.score()) <= 0) {
                    SubsetFill fill = SubsetFill.of(request, Arrays.copyOf(members, size));
                    if (fill.usesEveryStore() && fill.score().compareTo(best.score()) < 0) {
                        best = fill;
                    }
                }
            } else {
                long nearestRest = distanceSum[s + 1 + more] - distanceSum[s + 1];
                if (bound(supply, stockFrom[s + 1], size, reached + nearestRest).compareUpToDistance(best.score()) <= 0) {
                    extend(s + 1, depth + 1, size, reached);
                }
            }
            add(s, -1);
        }
    }

    private void add(int store, int sign) {
        int[] units = request.usable[store];
        for (int g = 0; g < request.gtinCount; g++) {
            supply[g] += sign * units[g];
        }
    }

    /** A bound on the score of any set of {@code size} stores drawing on {@code stock} plus {@code moreStock}. */
    private Score bound(int[] stock, int[] moreStock, int size, long distance) {
        long originals = 0;
        for (int i = 0; i < request.lineCount; i++) {
            int g = request.original[i];
            int units = Math.min(request.wanted[i], stock[g] + (moreStock == null ? 0 : moreStock[g]));
            originalScratch[i] = units;
            takenScratch[g] = units;
            originals += units;
        }
        long unfilled = request.cappedUnits;
        for (int i = 0; i < request.lineCount; i++) {
            long missing = request.wanted[i] - originalScratch[i];
            for (int j = 0; missing > 0 && j < request.substitutes[i].length; j++) {
                int h = request.substitutes[i][j];
                long inStock = stock[h] + (moreStock == null ? 0 : moreStock[h]);
                missing -= Math.max(0, Math.min(inStock, request.purchaseCap[h]) - takenScratch[h]);
            }
            unfilled += Math.max(0, missing);
        }
        for (int i = 0; i < request.lineCount; i++) {
            takenScratch[request.original[i]] = 0;
        }
        long substituted = request.totalUnits - unfilled - originals;
        return new Score(unfilled, size, substituted, 0, distance, 0, List.of());
    }
}
