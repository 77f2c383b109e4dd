package io.aisle.gateway.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Finds the best set of at most {@code maxStores} stores. Sets are taken by size, smallest first, and the search ends
 * when even the stock of all stores together could not make a larger set beat the best fill. For each size, a
 * depth-first walk over the stores bounds every set and cuts a branch as soon as its bound shows that no set in it can
 * beat the best fill found so far; the sets left are then filled best bound first, until the next bound is worse than
 * the best fill. The walk takes the stores that could fill most of the basket on their own first, so that the
 * branches it reaches late draw on weak stores only and are cut early.
 *
 * <p>The bound of a branch fills the basket from the stock of its stores so far plus, product by product, the
 * largest stocks among the stores it may still add, as many as it still adds. Each line takes its own product first;
 * the substitutes then add no more than any line still misses and its accepted products still hold, summed over
 * lines, nor more than all substitute products together hold. No set in the branch leaves fewer units unfilled. A
 * set that leaves exactly that many uses the branch's number of stores (a set with an idle store is beaten by the
 * set without it), at least the bound's substituted units (it has no more originals than the bound), a preference of
 * at least zero, and travels at least the distance of its stores so far plus the nearest ones it may still add. Sets
 * are compared on these five criteria, in order, so a bound worse than the best fill rules the branch out.
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
    /** The stores in walking order: [position] -> store. */
    private final int[] walk;
    /**
     * The most units of each product any {@code count} of the stores at positions {@code from} onwards hold together:
     * the sum of the {@code count} largest stocks, product by product: [from][count][gtin].
     */
    private final int[][][] mostFrom;
    /** Usable units per product of all stores together: no set of any size has more. */
    private final int[] allStock;
    /** Total distance of the {@code count} nearest stores at positions {@code from} onwards: [from][count]. */
    private final long[][] nearestFrom;
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
        supply = new int[request.gtinCount];
        members = new int[this.maxStores];
        originalScratch = new int[request.lineCount];
        takenScratch = new int[request.gtinCount];
        long[] unfilledAlone = new long[n];
        for (int s = 0; s < n; s++) {
            unfilledAlone[s] = bound(request.usable[s], null, 1, 0).unfilled();
        }
        walk = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong((Integer s) -> unfilledAlone[s]).thenComparingInt(s -> s))
                .mapToInt(Integer::intValue).toArray();
        mostFrom = new int[n + 1][this.maxStores + 1][request.gtinCount];
        for (int g = 0; g < request.gtinCount; g++) {
            int[] largest = new int[this.maxStores];
            for (int p = n - 1; p >= 0; p--) {
                int units = request.usable[walk[p]][g];
                for (int at = 0; at < largest.length; at++) {
                    if (units > largest[at]) {
                        int pushed = largest[at];
                        largest[at] = units;
                        units = pushed;
                    }
                }
                for (int count = 1; count <= this.maxStores; count++) {
                    mostFrom[p][count][g] = mostFrom[p][count - 1][g] + largest[count - 1];
                }
            }
        }
        allStock = new int[request.gtinCount];
        for (int store = 0; store < n; store++) {
            for (int g = 0; g < request.gtinCount; g++) {
                allStock[g] += request.usable[store][g];
            }
        }
        nearestFrom = new long[n + 1][this.maxStores + 1];
        for (int p = 0; p < n; p++) {
            long[] distances = Arrays.stream(walk, p, n).mapToLong(s -> request.distanceMm[s]).sorted().toArray();
            for (int count = 1; count <= Math.min(this.maxStores, distances.length); count++) {
                nearestFrom[p][count] = nearestFrom[p][count - 1] + distances[count - 1];
            }
        }
        best = SubsetFill.of(request, new int[0]);
    }

    /** The best fill over all sets of at most {@code maxStores} of the request's stores; the empty set if none helps. */
    static SubsetFill best(IndexedRequest request, int maxStores) {
        SubsetSearch search = new SubsetSearch(request, maxStores);
        int[] none = new int[request.gtinCount];
        for (int size = 1; size <= search.maxStores; size++) {
            long nearest = search.nearestFrom[0][size];
            if (search.bound(none, search.allStock, size, nearest).compareUpToDistance(search.best.score()) > 0) {
                break;
            }
            if (search.bound(none, search.mostFrom[0][size], size, nearest).compareUpToDistance(search.best.score()) > 0) {
                continue;
            }
            search.extendBest(size);
            search.collect(0, 0, size, 0);
            search.fillMostPromisingFirst();
        }
        return search.best;
    }

    /**
     * Fills the best set so far plus the store whose stock bounds best with it, when the best set has one store fewer
     * than {@code size}: a good fill of this size early lets the walk cut more branches.
     */
    private void extendBest(int size) {
        int[] base = best.stores();
        if (base.length != size - 1) {
            return;
        }
        for (int store : base) {
            add(store, 1);
        }
        int chosen = -1;
        Score chosenBound = null;
        for (int store = 0; store < request.storeCount; store++) {
            if (Arrays.binarySearch(base, store) >= 0) {
                continue;
            }
            add(store, 1);
            Score bound = bound(supply, null, size, 0);
            add(store, -1);
            if (chosenBound == null || bound.compareUpToDistance(chosenBound) < 0) {
                chosen = store;
                chosenBound = bound;
            }
        }
        for (int store : base) {
            add(store, -1);
        }
        if (chosen >= 0) {
            int[] stores = Arrays.copyOf(base, size);
            stores[size - 1] = chosen;
            Arrays.sort(stores);
            SubsetFill fill = SubsetFill.of(request, stores);
            if (fill.usesEveryStore() && fill.score().compareTo(best.score()) < 0) {
                best = fill;
            }
        }
    }

    private void collect(int from, int depth, int size, long distance) {
        int more = size - depth - 1;
        for (int p = from; p <= request.storeCount - 1 - more; p++) {
            int store = walk[p];
            members[depth] = store;
            add(store, 1);
            long reached = distance + request.distanceMm[store];
            if (more == 0) {
                Score bound = bound(supply, null, size, reached);
                if (bound.compareUpToDistance(best.score()) <= 0) {
                    int[] stores = Arrays.copyOf(members, size);
                    Arrays.sort(stores);
                    candidates.add(new Candidate(stores, bound));
                }
            } else if (bound(supply, mostFrom[p + 1][more], size, reached + nearestFrom[p + 1][more])
                    .compareUpToDistance(best.score()) <= 0) {
                collect(p + 1, depth + 1, size, reached);
            }
            add(store, -1);
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
        for (int j = 0; byProduct < byLine && j < request.substituteGtins.length; j++) {
            byProduct += left(request.substituteGtins[j], stock, moreStock);
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
