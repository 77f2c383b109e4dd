package io.aisle.simulator.fleet;

import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One simulated supermarket: who it is and where, and what it has: stock (net of holds), prices, open
 * holds, pick lists received, what was picked for which order, counters, and its own injected fault.
 * Picking ({@link #pick}) turns held units into picked ones: a hold gives back only what it still sets
 * aside. Every operation is atomic (the store is its own lock) and cheap, so handlers on any event
 * loop call it directly. Holds expire by the fleet's clock: an expired hold gives its stock back the
 * next time anyone looks at the store.
 */
public final class Store {

    /** Closed holds (released or expired) are remembered this long for GETs and replays, then forgotten. */
    static final Duration CLOSED_HOLD_RETENTION = Duration.ofHours(1);
    /** The newest pick lists a store remembers. */
    static final int PICK_LIST_MEMORY = 1_000;
    /** The newest orders a store remembers picking for, or having cancelled. */
    static final int ORDER_MEMORY = 5_000;

    private final int index;
    private final String id;
    private final ChainSpec chain;
    private final String name;
    private final GeoPoint location;
    private final OpeningHours hours;
    private final StockTable stock;
    private final Catalogue catalogue;
    private final Clock clock;
    private final ZoneId zone;
    private final FleetCounters counters;

    private volatile Fault fault = Fault.NONE;

    // Guarded by this.
    private LinkedHashMap<String, HeldStock> holds;
    private LinkedHashMap<String, PickList> pickLists;
    private LinkedHashMap<String, Map<Integer, Integer>> pickedByOrder;
    private LinkedHashMap<String, Boolean> cancelledOrders;
    private Instant nextExpiry;
    private long calls;
    private long holdsTaken;
    private long holdsRefused;
    private long pickListsReceived;

    Store(int index, String id, ChainSpec chain, String name, GeoPoint location, OpeningHours hours,
            StockTable stock, Catalogue catalogue, Clock clock, ZoneId zone, FleetCounters counters) {
        this.index = index;
        this.id = id;
        this.chain = chain;
        this.name = name;
        this.location = location;
        this.hours = hours;
        this.stock = stock;
        this.catalogue = catalogue;
        this.clock = clock;
        this.zone = zone;
        this.counters = counters;
    }

    public String id() {
        return id;
    }

    public String chainId() {
        return chain.chainId();
    }

    public ChainSpec chain() {
        return chain;
    }

    public String name() {
        return name;
    }

    public GeoPoint location() {
        return location;
    }

    public OpeningHours hours() {
        return hours;
    }

    public boolean isOpenNow() {
        return hours.isOpenAt(clock.instant().atZone(zone).toLocalTime());
    }

    /** The store's own fault; {@link Fault#NONE} when it follows its chain. */
    public Fault ownFault() {
        return fault;
    }

    void setOwnFault(Fault newFault) {
        this.fault = newFault;
    }

    /** Counts one request to this store (the fleet-wide count too). */
    public synchronized void countCall() {
        calls++;
        counters.call();
    }

    // --- stock -------------------------------------------------------------------------------------

    public boolean carries(Gtin gtin) {
        int product = catalogue.indexOf(gtin);
        return product >= 0 && stock.available(index, product) != StockTable.NOT_CARRIED;
    }

    /** The products this store carries, in catalogue order. */
    public List<CatalogueItem> assortment() {
        List<CatalogueItem> result = new ArrayList<>();
        for (int p = 0; p < stock.products(); p++) {
            if (stock.available(index, p) != StockTable.NOT_CARRIED) {
                result.add(catalogue.item(p));
            }
        }
        return result;
    }

    /** Units free to sell now (stock net of open holds), or empty when the store does not carry the product. */
    public synchronized OptionalInt available(Gtin gtin) {
        expireDue(clock.instant());
        int product = catalogue.indexOf(gtin);
        if (product < 0 || stock.available(index, product) == StockTable.NOT_CARRIED) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(stock.available(index, product));
    }

    public Optional<Money> price(Gtin gtin) {
        int product = catalogue.indexOf(gtin);
        if (product < 0 || stock.available(index, product) == StockTable.NOT_CARRIED) {
            return Optional.empty();
        }
        return Optional.of(Money.fen(stock.priceFen(index, product)));
    }

    /** Sets the free units of a product the store carries (a delivery arrived, or a test wants it so). */
    public synchronized void setAvailable(Gtin gtin, int units) {
        if (units < 0) {
            throw new IllegalArgumentException("units must not be negative, got " + units);
        }
        int product = catalogue.indexOf(gtin);
        if (product < 0 || stock.available(index, product) == StockTable.NOT_CARRIED) {
            throw new IllegalArgumentException("store " + id + " does not carry " + gtin);
        }
        stock.setAvailable(index, product, units);
    }

    /**
     * Answers a stock query: every carried product of the query with its free units and unit price;
     * products the store does not carry are absent. With {@code outOfStock} every level reads 0.
     */
    public synchronized StockAnswer queryStock(List<Gtin> gtins, boolean outOfStock) {
        Instant now = clock.instant();
        expireDue(now);
        counters.stockQueries.increment();
        List<StockItem> items = new ArrayList<>(gtins.size());
        for (Gtin gtin : gtins) {
            int product = catalogue.indexOf(gtin);
            if (product < 0) {
                continue;
            }
            int level = stock.available(index, product);
            if (level == StockTable.NOT_CARRIED) {
                continue;
            }
            items.add(new StockItem(gtin, outOfStock ? 0 : level, Money.fen(stock.priceFen(index, product))));
        }
        return new StockAnswer(id, now, items);
    }

    // --- holds -------------------------------------------------------------------------------------

    /**
     * Sets stock aside for every line or for none. The same hold id again is a replay: it returns the
     * hold as it stands (held, released or expired) without taking stock twice; the same id with
     * another order or other lines is invalid. With {@code outOfStock} every new hold is refused.
     */
    public synchronized HoldResult hold(HoldRequest request, boolean outOfStock) {
        Instant now = clock.instant();
        expireDue(now);
        HeldStock existing = holds == null ? null : holds.get(request.holdId());
        if (existing != null) {
            if (!existing.hold.orderId().equals(request.orderId()) || !existing.requestedLines.equals(request.lines())) {
                return HoldResult.invalid("hold " + request.holdId() + " was already taken for another order or other lines");
            }
            counters.holdReplays.increment();
            return HoldResult.replayed(existing.hold);
        }
        if (!request.expiresAt().isAfter(now)) {
            return HoldResult.invalid("expiresAt " + request.expiresAt() + " is not in the future (store time " + now + ")");
        }
        Map<Integer, Integer> wanted = new LinkedHashMap<>();
        List<String> shortages = new ArrayList<>();
        for (HoldLine line : request.lines()) {
            int product = catalogue.indexOf(line.gtin());
            if (product < 0 || stock.available(index, product) == StockTable.NOT_CARRIED) {
                shortages.add(line.gtin() + " is not sold here");
            } else {
                wanted.merge(product, line.quantity(), Integer::sum);
            }
        }
        for (Map.Entry<Integer, Integer> want : wanted.entrySet()) {
            int free = outOfStock ? 0 : stock.available(index, want.getKey());
            if (free < want.getValue()) {
                shortages.add(catalogue.item(want.getKey()).gtin() + ": " + want.getValue() + " wanted, " + free + " free");
            }
        }
        if (!shortages.isEmpty()) {
            holdsRefused++;
            counters.holdsRefused.increment();
            return HoldResult.outOfStock(String.join("; ", shortages));
        }
        if (holds != null) {
            for (HeldStock open : holds.values()) {
                if (open.hold.status() == HoldStatus.HELD && open.hold.orderId().equals(request.orderId())
                        && open.requestedLines.equals(request.lines())) {
                    counters.holdRepeats.increment(); // the same leg held twice under two ids
                    break;
                }
            }
        }
        int[] products = new int[wanted.size()];
        int[] quantities = new int[wanted.size()];
        int i = 0;
        for (Map.Entry<Integer, Integer> want : wanted.entrySet()) {
            products[i] = want.getKey();
            quantities[i] = want.getValue();
            stock.add(index, products[i], -quantities[i]);
            i++;
        }
        Hold hold = new Hold(request.holdId(), id, request.orderId(), HoldStatus.HELD, request.lines(), request.expiresAt());
        if (holds == null) {
            holds = new LinkedHashMap<>();
        }
        holds.put(hold.holdId(), new HeldStock(hold, products, quantities));
        if (nextExpiry == null || hold.expiresAt().isBefore(nextExpiry)) {
            nextExpiry = hold.expiresAt();
        }
        holdsTaken++;
        counters.holds.increment();
        if (cancelledOrders != null) {
            // New business for an order cancelled here before: it is picked again.
            cancelledOrders.remove(request.orderId());
        }
        return HoldResult.created(hold);
    }

    public synchronized Optional<Hold> findHold(String holdId) {
        expireDue(clock.instant());
        HeldStock held = holds == null ? null : holds.get(holdId);
        return held == null ? Optional.empty() : Optional.of(held.hold);
    }

    /** Releases a hold; true when it was held until now, false when unknown, expired or already released. */
    public synchronized boolean release(String holdId) {
        Instant now = clock.instant();
        expireDue(now);
        HeldStock held = holds == null ? null : holds.get(holdId);
        if (held == null || held.hold.status() != HoldStatus.HELD) {
            return false;
        }
        close(held, HoldStatus.RELEASED, now);
        counters.releases.increment();
        return true;
    }

    /**
     * Cancels whatever the store has for the order: releases its open holds, puts the units already
     * picked for it back on the shelf, and remembers the order so that later picking skips it. Returns
     * the holds released. Pick lists already received stay.
     */
    public synchronized List<Hold> cancelOrder(String orderId) {
        Instant now = clock.instant();
        expireDue(now);
        counters.cancels.increment();
        List<Hold> released = new ArrayList<>();
        if (holds != null) {
            for (HeldStock held : holds.values()) {
                if (held.hold.orderId().equals(orderId) && held.hold.status() == HoldStatus.HELD) {
                    close(held, HoldStatus.RELEASED, now);
                    counters.releases.increment();
                    released.add(held.hold);
                }
            }
        }
        Map<Integer, Integer> picked = pickedByOrder == null ? null : pickedByOrder.remove(orderId);
        if (picked != null) {
            picked.forEach((product, units) -> stock.add(index, product, units));
        }
        if (cancelledOrders == null) {
            cancelledOrders = boundedMap();
        }
        cancelledOrders.put(orderId, Boolean.TRUE);
        return released;
    }

    /** The holds open now, oldest first. */
    public synchronized List<Hold> openHolds() {
        expireDue(clock.instant());
        if (holds == null) {
            return List.of();
        }
        List<Hold> open = new ArrayList<>();
        for (HeldStock held : holds.values()) {
            if (held.hold.status() == HoldStatus.HELD) {
                open.add(held.hold);
            }
        }
        return open;
    }

    /** Closes a hold, giving back the units it still sets aside (picked units stay picked). */
    private void close(HeldStock held, HoldStatus status, Instant now) {
        for (int i = 0; i < held.products.length; i++) {
            stock.add(index, held.products[i], held.quantities[i]);
        }
        Hold h = held.hold;
        held.hold = new Hold(h.holdId(), h.storeId(), h.orderId(), status, h.lines(), h.expiresAt());
        held.closedAt = now;
    }

    /** Gives back the stock of holds whose time is up and forgets holds closed long ago. */
    private void expireDue(Instant now) {
        if (holds == null || nextExpiry == null || now.isBefore(nextExpiry)) {
            return;
        }
        Instant next = null;
        Instant forgetBefore = now.minus(CLOSED_HOLD_RETENTION);
        for (Iterator<HeldStock> it = holds.values().iterator(); it.hasNext(); ) {
            HeldStock held = it.next();
            if (held.hold.status() == HoldStatus.HELD) {
                if (!now.isBefore(held.hold.expiresAt())) {
                    close(held, HoldStatus.EXPIRED, now);
                    counters.expiries.increment();
                } else if (next == null || held.hold.expiresAt().isBefore(next)) {
                    next = held.hold.expiresAt();
                }
            } else if (held.closedAt.isBefore(forgetBefore)) {
                it.remove();
            } else {
                Instant forgetAt = held.closedAt.plus(CLOSED_HOLD_RETENTION);
                if (next == null || forgetAt.isBefore(next)) {
                    next = forgetAt;
                }
            }
        }
        nextExpiry = next;
    }

    // --- pick lists --------------------------------------------------------------------------------

    /** Takes a pick list; true when it is new, false for a replay of one already received. */
    public synchronized boolean acceptPickList(PickList pickList) {
        if (pickLists == null) {
            pickLists = new LinkedHashMap<>();
        }
        if (pickLists.containsKey(pickList.pickListId())) {
            return false;
        }
        if (!pickLists.isEmpty()) {
            java.util.Set<String> orders = ordersOf(pickList);
            for (PickList earlier : pickLists.values()) {
                if (ordersOf(earlier).stream().anyMatch(orders::contains)) {
                    counters.pickListLegRepeats.increment(); // an order's leg here in two pick lists
                    break;
                }
            }
        }
        pickLists.put(pickList.pickListId(), pickList);
        if (pickLists.size() > PICK_LIST_MEMORY) {
            Iterator<String> oldest = pickLists.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        pickListsReceived++;
        counters.pickLists.increment();
        return true;
    }

    private static java.util.Set<String> ordersOf(PickList pickList) {
        java.util.Set<String> orders = new java.util.HashSet<>();
        pickList.lines().forEach(line -> line.orders().forEach(split -> orders.add(split.orderId())));
        return orders;
    }

    /** The pick lists received, oldest first (at most the newest {@value #PICK_LIST_MEMORY}). */
    public synchronized List<PickList> pickLists() {
        return pickLists == null ? List.of() : List.copyOf(pickLists.values());
    }

    // --- picking -----------------------------------------------------------------------------------

    /**
     * A picker takes up to {@code units} of a product into the order's bags: first the units the order's
     * open holds set aside for it (they become picked: releasing or expiring the hold later does not put
     * them back), then free stock. A hold with nothing left to set aside is closed. Returns the units
     * taken, fewer than asked when the store has no more; none for an order cancelled here.
     */
    public synchronized int pick(String orderId, Gtin gtin, int units) {
        requireUnits(units);
        expireDue(clock.instant());
        int product = catalogue.indexOf(gtin);
        if (product < 0 || stock.available(index, product) == StockTable.NOT_CARRIED || isCancelled(orderId)) {
            return 0;
        }
        int taken = consumeHeld(orderId, product, units);
        int fromShelf = Math.min(units - taken, Math.max(0, stock.available(index, product)));
        stock.add(index, product, -fromShelf);
        taken += fromShelf;
        recordPicked(orderId, product, taken);
        return taken;
    }

    /**
     * Takes {@code units} of a product from free stock into the order's bags as a substitute, all or
     * nothing: true when the store had them (the order's holds are not touched).
     */
    public synchronized boolean pickSubstitute(String orderId, Gtin gtin, int units) {
        requireUnits(units);
        expireDue(clock.instant());
        int product = catalogue.indexOf(gtin);
        if (product < 0 || isCancelled(orderId) || stock.available(index, product) < units) {
            return false;
        }
        stock.add(index, product, -units);
        recordPicked(orderId, product, units);
        return true;
    }

    /**
     * Gives up to {@code units} of a product that the order's open holds set aside but the picker did not
     * find on the shelf: they leave the hold and never come back (the store's count was wrong). A hold
     * with nothing left to set aside is closed. Returns the units written off.
     */
    public synchronized int writeOff(String orderId, Gtin gtin, int units) {
        if (units <= 0) {
            return 0;
        }
        expireDue(clock.instant());
        int product = catalogue.indexOf(gtin);
        return product < 0 ? 0 : consumeHeld(orderId, product, units);
    }

    /** True when the order was cancelled at this store (among the newest {@value #ORDER_MEMORY} cancelled). */
    public synchronized boolean isCancelled(String orderId) {
        return cancelledOrders != null && cancelledOrders.containsKey(orderId);
    }

    /** Takes up to {@code units} of the product from the order's open holds, oldest hold first. */
    private int consumeHeld(String orderId, int product, int units) {
        if (holds == null) {
            return 0;
        }
        Instant now = clock.instant();
        int taken = 0;
        for (HeldStock held : holds.values()) {
            if (taken == units) {
                break;
            }
            if (!held.hold.orderId().equals(orderId) || held.hold.status() != HoldStatus.HELD) {
                continue;
            }
            int consumed = held.consume(product, units - taken);
            if (consumed == 0) {
                continue;
            }
            taken += consumed;
            if (held.isEmpty()) {
                close(held, HoldStatus.RELEASED, now);
                counters.holdsPicked.increment();
            } else {
                held.showRemaining(catalogue);
            }
        }
        return taken;
    }

    private void recordPicked(String orderId, int product, int units) {
        if (units == 0) {
            return;
        }
        if (pickedByOrder == null) {
            pickedByOrder = boundedMap();
        }
        pickedByOrder.computeIfAbsent(orderId, id -> new HashMap<>()).merge(product, units, Integer::sum);
    }

    private static void requireUnits(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("units must not be negative, got " + units);
        }
    }

    private static <V> LinkedHashMap<String, V> boundedMap() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > ORDER_MEMORY;
            }
        };
    }

    // --- counters ----------------------------------------------------------------------------------

    /** This store's counters and open holds now. */
    public synchronized StoreStats stats() {
        int open = openHolds().size();
        return new StoreStats(calls, holdsTaken, holdsRefused, open, pickListsReceived);
    }

    /** Counts of one store: requests received, holds taken and refused, holds open now, pick lists received. */
    public record StoreStats(long calls, long holds, long holdsRefused, int openHolds, long pickLists) {
    }

    /**
     * A hold and the stock it still sets aside, by catalogue index, so closing it gives back exactly
     * that: picking lowers {@code quantities}, and the hold shows what is left. {@code requestedLines}
     * are the lines as asked for, which a replay must repeat.
     */
    private static final class HeldStock {
        Hold hold;
        final List<HoldLine> requestedLines;
        final int[] products;
        final int[] quantities;
        Instant closedAt;

        HeldStock(Hold hold, int[] products, int[] quantities) {
            this.hold = hold;
            this.requestedLines = hold.lines();
            this.products = products;
            this.quantities = quantities;
        }

        /** Takes up to {@code units} of the product out of the hold; returns how many it had. */
        int consume(int product, int units) {
            for (int i = 0; i < products.length; i++) {
                if (products[i] == product) {
                    int taken = Math.min(units, quantities[i]);
                    quantities[i] -= taken;
                    return taken;
                }
            }
            return 0;
        }

        boolean isEmpty() {
            for (int quantity : quantities) {
                if (quantity > 0) {
                    return false;
                }
            }
            return true;
        }

        /** Makes the hold's lines say what it still sets aside. */
        void showRemaining(Catalogue catalogue) {
            List<HoldLine> lines = new ArrayList<>(products.length);
            for (int i = 0; i < products.length; i++) {
                if (quantities[i] > 0) {
                    lines.add(new HoldLine(catalogue.item(products[i]).gtin(), quantities[i]));
                }
            }
            Hold h = hold;
            hold = new Hold(h.holdId(), h.storeId(), h.orderId(), h.status(), lines, h.expiresAt());
        }
    }

    @Override
    public String toString() {
        return "Store[" + id + ", " + name + "]";
    }
}
