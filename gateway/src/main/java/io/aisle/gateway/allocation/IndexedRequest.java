package io.aisle.gateway.allocation;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request numbered for the search. Products are numbered in GTIN order, stores nearest first (then by id), so
 * nothing depends on the order the caller listed them in. An offer above its price ceiling counts as no stock, an
 * offer of a product with a priority reserve counts, for an ordinary basket, less the units kept for priority orders; a
 * store with no usable stock of anything the basket accepts is left out; distances are whole millimetres, so sums
 * are exact.
 */
final class IndexedRequest {

    static final int NO_CAP = Integer.MAX_VALUE;

    final String currency;

    final int storeCount;
    final String[] storeIds;
    final long[] distanceMm;

    final int gtinCount;
    final Gtin[] gtins;
    /** Units of a product a store can sell within the price ceiling: [store][gtin]. */
    final int[][] usable;
    /** Unit price in minor units: [store][gtin]. */
    final long[][] price;
    /** Whether some candidate has the product in stock but priced above its ceiling: [gtin]. */
    final boolean[] inStockAboveCeiling;
    /** Whether some candidate keeps units of the product for priority orders that this (ordinary) basket may not use: [gtin]. */
    final boolean[] inReserve;
    /** Most units of the product one order may hold: within its purchase cap and what its household has left. [gtin] */
    final int[] purchaseCap;
    /** Most units of the product one order may hold by its purchase cap alone: [gtin]. */
    final int[] orderCap;

    final int lineCount;
    /** The requested product of each basket line: [line] -> gtin. */
    final int[] original;
    final int[] quantity;
    /** Units the line may have: its quantity within the purchase cap of its product. */
    final int[] wanted;
    /** Accepted substitutes of each line, best first: [line][] -> gtin. */
    final int[][] substitutes;
    /** Preference rank of each substitute: its first position among the line's alternates; 0 for SIMILAR. */
    final int[][] substituteRank;
    /** Every product that is an accepted substitute of some line, ascending. */
    final int[] substituteGtins;
    final int totalUnits;
    /** Whether some candidate did not answer: units no answering store has may be in stock there. */
    final boolean someUnanswered;
    final int cappedUnits;

    private IndexedRequest(AllocationRequest request) {
        LockdownRules lockdown = request.rules().lockdown();
        currency = request.rules().currency();
        someUnanswered = !request.unanswered().isEmpty();
        List<BasketLine> lines = request.lines();
        Map<Gtin, Product> products = new HashMap<>();
        request.products().forEach(product -> products.put(product.gtin(), product));

        Set<Gtin> inStock = new TreeSet<>();
        request.candidates().forEach(store -> store.offers().stream()
                .filter(offer -> offer.available() > 0).forEach(offer -> inStock.add(offer.gtin())));
        List<List<Gtin>> accepted = new ArrayList<>();
        Set<Gtin> relevant = new TreeSet<>();
        for (BasketLine line : lines) {
            relevant.add(line.gtin());
            List<Gtin> subs = acceptedSubstitutes(line, products, inStock);
            accepted.add(subs);
            relevant.addAll(subs);
        }
        gtins = relevant.toArray(Gtin[]::new);
        gtinCount = gtins.length;
        Map<Gtin, Integer> gtinIndex = new HashMap<>();
        for (int g = 0; g < gtinCount; g++) {
            gtinIndex.put(gtins[g], g);
        }

        purchaseCap = new int[gtinCount];
        orderCap = new int[gtinCount];
        inStockAboveCeiling = new boolean[gtinCount];
        inReserve = new boolean[gtinCount];
        for (int g = 0; g < gtinCount; g++) {
            OptionalInt cap = lockdown.purchaseCap(gtins[g]);
            OptionalInt left = lockdown.householdLeft(gtins[g]);
            orderCap[g] = cap.isPresent() ? cap.getAsInt() : NO_CAP;
            purchaseCap[g] = left.isPresent() ? Math.min(orderCap[g], left.getAsInt()) : orderCap[g];
        }

        record Row(CandidateStore store, long distanceMm, int[] usable, long[] price) {
        }
        List<Row> rows = new ArrayList<>();
        for (CandidateStore store : request.candidates()) {
            int[] units = new int[gtinCount];
            long[] prices = new long[gtinCount];
            boolean useful = false;
            for (Offer offer : store.offers()) {
                Integer g = gtinIndex.get(offer.gtin());
                if (g == null || offer.available() == 0) {
                    continue;
                }
                Money ceiling = lockdown.priceCeiling(offer.gtin()).orElse(null);
                if (ceiling != null && offer.unitPrice().compareTo(ceiling) > 0) {
                    inStockAboveCeiling[g] = true;
                    continue;
                }
                int usableUnits = lockdown.usable(offer.gtin(), offer.available());
                if (usableUnits < offer.available()) {
                    inReserve[g] = true;
                }
                if (usableUnits == 0) {
                    continue;
                }
                units[g] = usableUnits;
                prices[g] = offer.unitPrice().amount();
                useful = true;
            }
            if (useful) {
                rows.add(new Row(store, Math.round(store.distanceKm() * 1_000_000), units, prices));
            }
        }
        rows.sort(Comparator.comparingLong(Row::distanceMm).thenComparing(row -> row.store().storeId()));
        storeCount = rows.size();
        storeIds = new String[storeCount];
        distanceMm = new long[storeCount];
        usable = new int[storeCount][];
        price = new long[storeCount][];
        for (int s = 0; s < storeCount; s++) {
            Row row = rows.get(s);
            storeIds[s] = row.store().storeId();
            distanceMm[s] = row.distanceMm();
            usable[s] = row.usable();
            price[s] = row.price();
        }

        lineCount = lines.size();
        original = new int[lineCount];
        quantity = new int[lineCount];
        wanted = new int[lineCount];
        substitutes = new int[lineCount][];
        substituteRank = new int[lineCount][];
        int total = 0;
        int capped = 0;
        for (int i = 0; i < lineCount; i++) {
            BasketLine line = lines.get(i);
            original[i] = gtinIndex.get(line.gtin());
            quantity[i] = line.quantity();
            wanted[i] = Math.min(line.quantity(), purchaseCap[original[i]]);
            total += quantity[i];
            capped += quantity[i] - wanted[i];
            List<Gtin> subs = accepted.get(i);
            substitutes[i] = new int[subs.size()];
            substituteRank[i] = new int[subs.size()];
            for (int j = 0; j < subs.size(); j++) {
                substitutes[i][j] = gtinIndex.get(subs.get(j));
                substituteRank[i][j] = line.substitution().mode() == SubstitutionMode.ALTERNATES
                        ? line.substitution().alternates().indexOf(subs.get(j)) : 0;
            }
        }
        totalUnits = total;
        cappedUnits = capped;
        substituteGtins = Arrays.stream(substitutes).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
    }

    static IndexedRequest of(AllocationRequest request) {
        return new IndexedRequest(request);
    }

    /**
     * The products a line accepts in place of its own that some candidate has in stock: its alternates in the order
     * given, or every product of the same category and size class in GTIN order.
     */
    private static List<Gtin> acceptedSubstitutes(BasketLine line, Map<Gtin, Product> products, Set<Gtin> inStock) {
        return switch (line.substitution().mode()) {
            case NONE -> List.of();
            case ALTERNATES -> new LinkedHashSet<>(line.substitution().alternates()).stream()
                    .filter(inStock::contains).toList();
            case SIMILAR -> {
                Product requested = products.get(line.gtin());
                yield requested == null ? List.of() : inStock.stream()
                        .filter(gtin -> products.containsKey(gtin) && requested.similarTo(products.get(gtin)))
                        .toList();
            }
        };
    }
}
