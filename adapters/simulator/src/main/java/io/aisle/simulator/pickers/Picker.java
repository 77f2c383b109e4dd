package io.aisle.simulator.pickers;

import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Picks a pick list at a store, taking the units off the store's books, and says per order and product
 * what went into the bags. Plain code over the fleet's state, no I/O:
 * <ul>
 *   <li>each order's units come from the order's holds at the store first, then from free stock; held
 *       units that are picked are gone, so releasing the hold afterwards gives nothing back;</li>
 *   <li>a line is PICKED when every unit was found, else SHORT with what was found; with the policy's
 *       {@code substitute}, a short line is SUBSTITUTED when the store has enough free units of another
 *       product of the same category and size class (the first in catalogue order), at the store's price;</li>
 *   <li>with the policy's {@code shortShare}, that share of lines (drawn from the fleet's seed, the pick
 *       list, the order and the product, so the same every run) finds fewer units than asked, between
 *       none and all but one; the held units not found are written off, never given back;</li>
 *   <li>lines of an order cancelled at the store are not picked and not reported.</li>
 * </ul>
 * A whole list is picked under the store's lock, so concurrent calls to the store see it all or nothing.
 */
final class Picker {

    private final Catalogue catalogue;
    private final long seed;

    Picker(Catalogue catalogue, long seed) {
        this.catalogue = catalogue;
        this.seed = seed;
    }

    /** The outcome of one list: the result lines, and how many were short and substituted. */
    record Picked(List<PickResultLine> lines, int shortLines, int substitutedLines) {
        Picked {
            lines = List.copyOf(lines);
        }
    }

    Picked pick(Store store, PickList pickList, PickingPolicy policy) {
        List<PickResultLine> lines = new ArrayList<>();
        int shortLines = 0;
        int substituted = 0;
        // The store is its own lock (its methods synchronise on it): the list is picked in one step.
        synchronized (store) {
            for (PickLine line : pickList.lines()) {
                for (OrderSplit split : line.orders()) {
                    if (store.isCancelled(split.orderId())) {
                        continue;
                    }
                    PickResultLine result = pickOne(store, pickList.pickListId(), split.orderId(), line.gtin(), split.quantity(), policy);
                    lines.add(result);
                    if (result.status() == PickStatus.SHORT) {
                        shortLines++;
                    } else if (result.status() == PickStatus.SUBSTITUTED) {
                        substituted++;
                    }
                }
            }
        }
        return new Picked(lines, shortLines, substituted);
    }

    private PickResultLine pickOne(Store store, String pickListId, String orderId, Gtin gtin, int requested, PickingPolicy policy) {
        int onShelf = requested;
        if (policy.shortShare() > 0) {
            SplittableRandom draw = new SplittableRandom(mix(store.id(), pickListId, orderId, gtin.value()));
            if (draw.nextDouble() < policy.shortShare()) {
                onShelf = draw.nextInt(requested);
            }
        }
        int picked = store.pick(orderId, gtin, onShelf);
        store.writeOff(orderId, gtin, requested - picked);
        if (picked == requested) {
            return new PickResultLine(orderId, gtin, PickStatus.PICKED, requested, picked, null, 0, null);
        }
        int missing = requested - picked;
        if (policy.substitute()) {
            Optional<CatalogueItem> substitute = substituteFor(store, gtin, missing);
            if (substitute.isPresent() && store.pickSubstitute(orderId, substitute.get().gtin(), missing)) {
                Money price = store.price(substitute.get().gtin()).orElseThrow();
                return new PickResultLine(orderId, gtin, PickStatus.SUBSTITUTED, requested, picked, substitute.get().gtin(), missing, price);
            }
        }
        return new PickResultLine(orderId, gtin, PickStatus.SHORT, requested, picked, null, 0, null);
    }

    /** The first product of the same category and size class, other than the original, of which the store has {@code units} free. */
    private Optional<CatalogueItem> substituteFor(Store store, Gtin original, int units) {
        Optional<CatalogueItem> item = catalogue.find(original);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        String category = item.get().category();
        String sizeClass = item.get().sizeClass();
        return catalogue.items().stream()
                .filter(candidate -> !candidate.gtin().equals(original))
                .filter(candidate -> candidate.category().equals(category) && candidate.sizeClass().equals(sizeClass))
                .filter(candidate -> store.available(candidate.gtin()).orElse(0) >= units)
                .findFirst();
    }

    private long mix(String... parts) {
        long h = seed;
        for (String part : parts) {
            h = h * 0x9E3779B97F4A7C15L + part.hashCode();
            h ^= h >>> 31;
        }
        return h;
    }
}
