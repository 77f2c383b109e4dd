package io.aisle.gateway.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the best set of at most {@code maxStores} stores. Sets are taken by size, smallest first. For each size, a
 * depth-first walk over the stores (nearest first) bounds every set, and cuts a branch as soon as its bound shows that
 * no set in it can beat the best fill found so far; the sets left are then filled best bound first, until the next
 * bound is worse than the best fill.
 *
 * <p>The bound of a branch fills the basket from the pooled stock of every store the branch may still add, each line
 * taking its own product first; the substitutes can add no more than any line still misses and its accepted products
 * still hold, summed over lines, nor more than all substitute products together hold. No set in the branch leaves fewer
 * units unfilled. A set that leaves exactly that many uses the branch's number of stores (a set with an idle store is
 * beaten by the set without it), at least the bound's substituted units (it has no more originals than the pool), a
 * preference of at least zero, and travels at least the distance of its stores so far plus the nearest ones still to
 * add. Sets are compared on these five criteria, in order, so a bound worse than the best fill rules the branch out.
 */
final class SubsetSearch {

    private record Candidate(int[] stores, Score bound) {
    }

    private static final Comparator<Candidate> MOST_PROMISING_FIRST = (a, b) -> {
        int byBound = a.bound().compareUpToDistance(b.bound());
        return byBound != 0 ? byBound : Arrays.compare(a.stores(), b.stores());
    };

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
    private final List<Candidate> candidates = new ArrayList<>();
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
        best = SubsetFill.of(request, new int[0]);
    }

    /** The best fill over all sets of at most {@code maxStores} of the request's stores; the empty set if none helps. */
    static SubsetFill best(IndexedRequest request, int maxStores) {
        SubsetSearch search = new SubsetSearch(request, maxStores);
        for (int size = 1; size <= search.maxStores; size++) {
            Score everything = search.bound(new int[request.gtinCount], search.stockFrom[0], size, search.distanceSum[size]);
            if (everything.compareUpToDistance(search.best.score()) > 0) {
                break;
            }
            search.collect(0, 0, size, 0);
            search.fillMostPromisingFirst();
        }
        return search.best;
    }

    private void collect(int from, int depth, int size, long distance) {
        int more = size - depth - 1;
        for (int s = from; s <= request.storeCount - 1 - more; s++) {
            members[depth] = s;
            add(s, 1);
            long reached = distance + request.distanceMm[s];
            if (more == 0) {
                Score bound = bound(supply, null, size, reached);
                if (bound.compareUpToDistance(best.score()) <= 0) {
                    candidates.add(new Candidate(Arrays.copyOf(members, size), bound));
                }
            } else {
                long nearestRest = distanceSum[s + 1 + more] - distanceSum[s + 1];
                if (bound(supply, stockFrom[s + 1], size, reached + nearestRest).compareUpToDistance(best.score()) <= 0) {
                    collect(s + 1, depth + 1, size, reached);
                }
            }
            add(s, -1);
        }
    }

    private void fillMostPromisingFirst() {
        candidates.sort(MOST_PROMISING_FIRST);
        for (Candidate candidate : candidates) {
            if (candidate.bound().compareUpToDistance(best.score()) > 0) {
                break;
            }
            SubsetFill fill = SubsetFill.of(request, candidate.stores());
            if (fill.usesEveryStore() && fill.score().compareTo(best.score()) < 0) {
                best = fill;
            }
        }
        candidates.clear();
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
        long missingAfterOriginals = 0;
        for (int i = 0; i < request.lineCount; i++) {
            int g = request.original[i];
            int units = Math.min(request.wanted[i], stock[g] + (moreStock == null ? 0 : moreStock[g]));
            originalScratch[i] = units;
            takenScratch[g] = units;
            originals += units;
            missingAfterOriginals += request.wanted[i] - units;
        }
        long byLine = 0;
        for (int i = 0; i < request.lineCount; i++) {
            long missing = request.wanted[i] - originalScratch[i];
            long reachable = 0;
            for (int j = 0; reachable < missing && j < request.substitutes[i].length; j++) {
                reachable += left(request.substitutes[i][j], stock, moreStock);
            }
            byLine += Math.min(missing, reachable);
        }
        long byProduct = 0;
        for (int h : request.substituteGtins) {
            byProduct += left(h, stock, moreStock);
        }
        for (int i = 0; i < request.lineCount; i++) {
            takenScratch[request.original[i]] = 0;
        }
        long substitutes = Math.min(byLine, byProduct);
        long unfilled = request.cappedUnits + missingAfterOriginals - substitutes;
        return new Score(unfilled, size, substitutes, 0, distance, 0, List.of());
    }

    /** Units of a product left for substitution once the lines asking for it took theirs, within its purchase cap. */
    private long left(int gtin, int[] stock, int[] moreStock) {
        long inStock = stock[gtin] + (moreStock == null ? 0 : moreStock[gtin]);
        return Math.max(0, Math.min(inStock, request.purchaseCap[gtin]) - takenScratch[gtin]);
    }
}
