package io.aisle.gateway.allocation;

import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.api.UnfilledReason;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The best fill of a basket from one set of stores. Every line first takes its own product, cheapest store first, up
 * to its purchase cap; then the units still missing are filled with accepted substitutes from what is left: as many as
 * possible, then the most preferred, then the cheapest (a minimum-cost maximum flow from lines to products to stores).
 */
final class SubsetFill {

    /** Units of one product one store supplies to one line. */
    private record Allocation(int line, int gtin, int store, int units, boolean substitute, int rank) {
    }

    private static final Comparator<Allocation> LEG_ORDER = Comparator.comparingInt(Allocation::line)
            .thenComparing(Allocation::substitute)
            .thenComparingInt(Allocation::rank)
            .thenComparingInt(Allocation::gtin);

    private final IndexedRequest request;
    private final int[] stores;
    private final List<Allocation> allocations = new ArrayList<>();
    /** Units of each product in the fill, as original and as substitute. */
    private final int[] taken;
    /** Units of each line filled with its own product, and with substitutes. */
    private final int[] originalUnits;
    private final int[] substituteUnits;
    private final Score score;

    private SubsetFill(IndexedRequest request, int[] stores, boolean priced) {
        this.request = request;
        this.stores = stores.clone();
        this.taken = new int[request.gtinCount];
        this.originalUnits = new int[request.lineCount];
        this.substituteUnits = new int[request.lineCount];
        int[][] left = new int[stores.length][];
        for (int k = 0; k < stores.length; k++) {
            left[k] = request.usable[stores[k]].clone();
        }
        takeOriginals(left);
        takeSubstitutes(left, priced);
        this.score = priced ? scoreOfAllocations() : null;
    }

    /**
     * Fills the basket from the given stores: indices into the request's stores in ascending order, which is nearest
     * first.
     */
    static SubsetFill of(IndexedRequest request, int[] stores) {
        return new SubsetFill(request, stores, true);
    }

    /**
     * The units of each line a fill from every candidate store gives, as if there were no store limit: the same rules,
     * as many units as possible, with prices and preferences left aside.
     */
    static int[] filledEverywhere(IndexedRequest request) {
        SubsetFill fill = new SubsetFill(request, IntStream.range(0, request.storeCount).toArray(), false);
        return IntStream.range(0, request.lineCount).map(fill::filled).toArray();
    }

    int storeCount() {
        return stores.length;
    }

    /** The stores of the set, indices into the request's stores in ascending order. */
    int[] stores() {
        return stores.clone();
    }

    Score score() {
        return score;
    }

    /** Whether every store of the set supplies something; a set with an idle store is beaten by the set without it. */
    boolean usesEveryStore() {
        return score.stores() == stores.length;
    }

    private void takeOriginals(int[][] left) {
        for (int i = 0; i < request.lineCount; i++) {
            int g = request.original[i];
            int missing = request.wanted[i];
            for (int k : cheapestFirst(g)) {
                int units = Math.min(missing, left[k][g]);
                if (units > 0) {
                    left[k][g] -= units;
                    missing -= units;
                    allocations.add(new Allocation(i, g, stores[k], units, false, 0));
                }
            }
            originalUnits[i] = request.wanted[i] - missing;
            taken[g] += originalUnits[i];
        }
    }

    /**
     * Priced: one edge per store and product, costing the store's price, so that the flow also finds the cheapest
     * stores. Otherwise one edge per product holding all its stock, and every cost zero: only the units count.
     */
    private void takeSubstitutes(int[][] left, boolean priced) {
        record Choice(int line, int gtin, int rank, int edge) {
        }
        record Source(int gtin, int position, int edge) {
        }
        MinCostFlow flow = new MinCostFlow();
        int source = flow.addNode();
        int sink = flow.addNode();
        int[] productNode = new int[request.gtinCount];
        Arrays.fill(productNode, -1);
        List<Choice> choices = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < request.lineCount; i++) {
            int missing = request.wanted[i] - originalUnits[i];
            int lineNode = -1;
            for (int j = 0; missing > 0 && j < request.substitutes[i].length; j++) {
                int h = request.substitutes[i][j];
                if (productNode[h] < 0) {
                    long inStock = 0;
                    for (int[] units : left) {
                        inStock += units[h];
                    }
                    long allowed = (long) request.purchaseCap[h] - taken[h];
                    if (inStock == 0 || allowed <= 0) {
                        continue;
                    }
                    int in = flow.addNode();
                    int out = flow.addNode();
                    flow.addEdge(in, out, allowed, 0, 0);
                    if (!priced) {
                        flow.addEdge(out, sink, inStock, 0, 0);
                    }
                    for (int k = 0; priced && k < stores.length; k++) {
                        if (left[k][h] > 0) {
                            sources.add(new Source(h, k, flow.addEdge(out, sink, left[k][h], 0, request.price[stores[k]][h])));
                        }
                    }
                    productNode[h] = in;
                }
                if (lineNode < 0) {
                    lineNode = flow.addNode();
                    flow.addEdge(source, lineNode, missing, 0, 0);
                }
                int rank = priced ? request.substituteRank[i][j] : 0;
                choices.add(new Choice(i, h, rank, flow.addEdge(lineNode, productNode[h], missing, rank, 0)));
            }
        }
        if (choices.isEmpty() || flow.run(source, sink) == 0) {
            return;
        }
        int[][] fromStore = new int[request.gtinCount][];
        for (Source s : sources) {
            fromStore[s.gtin()] = fromStore[s.gtin()] == null ? new int[stores.length] : fromStore[s.gtin()];
            fromStore[s.gtin()][s.position()] = (int) flow.flow(s.edge());
        }
        for (Choice choice : choices) {
            int h = choice.gtin();
            int missing = (int) flow.flow(choice.edge());
            if (missing == 0) {
                continue;
            }
            substituteUnits[choice.line()] += missing;
            taken[h] += missing;
            if (!priced) {
                continue;
            }
            for (int k : cheapestFirst(h)) {
                int units = Math.min(missing, fromStore[h][k]);
                if (units > 0) {
                    fromStore[h][k] -= units;
                    left[k][h] -= units;
                    missing -= units;
                    allocations.add(new Allocation(choice.line(), h, stores[k], units, true, choice.rank()));
                }
            }
        }
    }

    /** Positions in {@link #stores}, cheapest for the product first; nearer first on equal price. */
    private int[] cheapestFirst(int gtin) {
        int[] order = new int[stores.length];
        for (int k = 0; k < stores.length; k++) {
            long price = request.price[stores[k]][gtin];
            int at = k;
            while (at > 0 && request.price[stores[order[at - 1]]][gtin] > price) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = k;
        }
        return order;
    }

    private Score scoreOfAllocations() {
        boolean[] used = new boolean[request.storeCount];
        long substituted = 0;
        long preference = 0;
        long price = 0;
        long filled = 0;
        for (Allocation a : allocations) {
            used[a.store()] = true;
            filled += a.units();
            substituted += a.substitute() ? a.units() : 0;
            preference += (long) a.rank() * a.units();
            price += request.price[a.store()][a.gtin()] * a.units();
        }
        int storesUsed = 0;
        long distance = 0;
        List<String> ids = new ArrayList<>();
        for (int s : stores) {
            if (used[s]) {
                storesUsed++;
                distance += request.distanceMm[s];
                ids.add(request.storeIds[s]);
            }
        }
        ids.sort(Comparator.naturalOrder());
        return new Score(request.totalUnits - filled, storesUsed, substituted, preference, distance, price, List.copyOf(ids));
    }

    /** The units this fill gives each line, own product and substitutes. */
    int[] filled() {
        return IntStream.range(0, request.lineCount).map(this::filled).toArray();
    }

    /**
     * The plan: legs in store id order, each line's own product before its substitutes, and the unfilled units with
     * why. {@code filledEverywhere} is what a fill from every candidate store gives each line: it tells what the store
     * limit costs.
     */
    Plan toPlan(int[] filledEverywhere) {
        Money zero = Money.zero(request.currency);
        List<Leg> legs = new ArrayList<>();
        Money total = zero;
        int[] byId = Arrays.stream(stores).boxed()
                .sorted(Comparator.comparing(s -> request.storeIds[s])).mapToInt(Integer::intValue).toArray();
        for (int s : byId) {
            List<LegLine> lines = allocations.stream().filter(a -> a.store() == s).sorted(LEG_ORDER)
                    .map(a -> {
                        Money unitPrice = Money.of(request.price[s][a.gtin()], request.currency);
                        return new LegLine(request.gtins[a.gtin()], a.units(), unitPrice, unitPrice.times(a.units()),
                                a.substitute() ? request.gtins[request.original[a.line()]] : null);
                    })
                    .toList();
            if (lines.isEmpty()) {
                continue;
            }
            Money subtotal = lines.stream().map(LegLine::lineTotal).reduce(zero, Money::plus);
            legs.add(new Leg(request.storeIds[s], lines, subtotal));
            total = total.plus(subtotal);
        }
        return new Plan(legs, unfilled(filledEverywhere), total, (int) score.substituted());
    }

    /**
     * Per line: the units beyond the purchase cap (PURCHASE_CAP), then those beyond what the household has left
     * (HOUSEHOLD_CAP); of the units still missing, those that the fill from
     * every candidate gives this line beyond the plan, as far as that fill fills more units in all (MAX_STORES, lines in
     * basket order); the rest PRICE_CEILING when a candidate has the product or an accepted substitute in stock but
     * priced above its ceiling, else PRIORITY_RESERVE when a candidate keeps units of them for priority orders that
     * this ordinary order may not use, else NO_STORE_ANSWERED when some candidate did not answer, else OUT_OF_STOCK.
     */
    private List<UnfilledLine> unfilled(int[] filledEverywhere) {
        List<UnfilledLine> unfilled = new ArrayList<>();
        long costOfStoreLimit = 0;
        for (int i = 0; i < request.lineCount; i++) {
            costOfStoreLimit += filledEverywhere[i] - filled(i);
        }
        for (int i = 0; i < request.lineCount; i++) {
            Gtin gtin = request.gtins[request.original[i]];
            int overOrderCap = request.quantity[i] - Math.min(request.quantity[i], request.orderCap[request.original[i]]);
            int overHouseholdCap = request.quantity[i] - request.wanted[i] - overOrderCap;
            if (overOrderCap > 0) {
                unfilled.add(new UnfilledLine(gtin, overOrderCap, UnfilledReason.PURCHASE_CAP.name()));
            }
            if (overHouseholdCap > 0) {
                unfilled.add(new UnfilledLine(gtin, overHouseholdCap, UnfilledReason.HOUSEHOLD_CAP.name()));
            }
            int missing = request.wanted[i] - filled(i);
            int beyondLimit = (int) Math.min(costOfStoreLimit, Math.min(missing, Math.max(0, filledEverywhere[i] - filled(i))));
            if (beyondLimit > 0) {
                unfilled.add(new UnfilledLine(gtin, beyondLimit, UnfilledReason.MAX_STORES.name()));
                costOfStoreLimit -= beyondLimit;
                missing -= beyondLimit;
            }
            if (missing > 0) {
                unfilled.add(new UnfilledLine(gtin, missing, (inStockAboveCeiling(i) ? UnfilledReason.PRICE_CEILING
                        : flagged(request.inReserve, i) ? UnfilledReason.PRIORITY_RESERVE
                        : request.someUnanswered ? UnfilledReason.NO_STORE_ANSWERED : UnfilledReason.OUT_OF_STOCK).name()));
            }
        }
        return unfilled;
    }

    private int filled(int line) {
        return originalUnits[line] + substituteUnits[line];
    }

    private boolean flagged(boolean[] byGtin, int line) {
        if (byGtin[request.original[line]]) {
            return true;
        }
        for (int h : request.substitutes[line]) {
            if (byGtin[h]) {
                return true;
            }
        }
        return false;
    }

    private boolean inStockAboveCeiling(int line) {
        if (request.inStockAboveCeiling[request.original[line]]) {
            return true;
        }
        for (int h : request.substitutes[line]) {
            if (request.inStockAboveCeiling[h]) {
                return true;
            }
        }
        return false;
    }
}
