package io.aisle.gateway.picking;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.OrderChange;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.QuoteRequest;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.order.Checkpoint;
import io.aisle.gateway.order.HoldStore;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.order.PartnerCommands;
import io.aisle.gateway.order.StoreHolds;
import io.aisle.gateway.order.model.Hold;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.picking.ResourcingStore.Claimed;
import io.aisle.gateway.picking.ResourcingStore.Status;
import io.aisle.gateway.planning.picklist.ShortLine;
import io.aisle.gateway.planning.picklist.ShortageMove;
import io.aisle.gateway.quote.QuoteService;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-sources units a store picked short, for orders that asked for it ({@code shortages: RESOURCE}), as a pass of the
 * picking worker over the {@code resourcing} rows settlement recorded ({@link Shortages}). Per row, under a lease:
 * <ol>
 *   <li>PENDING: the other stores near the delivery address (not the one that picked short, not one already on the
 *       order, not one that refused) are asked for the units (the quote's fan-out: closed, paused and open-breaker stores
 *       are skipped without a call); the allocator picks the one store that has most of them. None: the units are
 *       refunded (RESOURCE_FAILED). Else the hold to take there is recorded (HOLDING) before it is asked for.</li>
 *   <li>HOLDING: the store is asked for the hold, by its recorded id, so asking again after a crash holds once. Held:
 *       in one transaction the units leave the leg that picked short and become a new leg at that store (HELD: the
 *       next wave there picks it, and the order, READY once it is picked, travels with every leg's bags on one trip),
 *       and the timeline says RESOURCED. Refused: the store is left out and another is looked for. Unclear: asked again
 *       at the next lease.</li>
 * </ol>
 * After {@link #MAX_ATTEMPTS} claims the units are refunded (an unclear hold released through the outbox), and the
 * order moves on (READY, or FAILED when nothing was picked at all). A cancelled order's re-sourcing ends with it.
 */
public final class Resourcing {

    /** How many passes may work on one re-sourcing before its units are refunded. */
    public static final int MAX_ATTEMPTS = 3;
    static final int PER_PASS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Resourcing.class);
    private static final Set<OrderStatus> WAITING = Set.of(OrderStatus.CONFIRMED, OrderStatus.PICKING);

    private final Pool pg;
    private final ResourcingStore resourcing;
    private final OrderStore orders;
    private final HoldStore holds;
    private final OrderChanges changes;
    private final QuoteService quotes;
    private final StoreRegistry registry;
    private final StoreHolds storeHolds;
    private final PickingService picking;
    private final Clock clock;
    private final Duration lease;
    private final Duration holdFor;
    private final Checkpoint checkpoint;
    private final Runnable outboxWritten;

    /**
     * {@code lease}: how long a pass owns a re-sourcing before another may take it over; {@code holdFor}: how long the
     * new store holds the units; {@code outboxWritten} runs after every commit that wrote outbox rows.
     */
    public Resourcing(Pool pg, ResourcingStore resourcing, OrderStore orders, HoldStore holds, OrderChanges changes, QuoteService quotes,
                      StoreRegistry registry, StoreHolds storeHolds, PickingService picking, Clock clock, Duration lease, Duration holdFor,
                      Checkpoint checkpoint, Runnable outboxWritten) {
        this.pg = pg;
        this.resourcing = resourcing;
        this.orders = orders;
        this.holds = holds;
        this.changes = changes;
        this.quotes = quotes;
        this.registry = registry;
        this.storeHolds = storeHolds;
        this.picking = picking;
        this.clock = clock;
        this.lease = lease;
        this.holdFor = holdFor;
        this.checkpoint = checkpoint;
        this.outboxWritten = outboxWritten;
    }

    /** Works on the re-sourcings due now (at most {@value #PER_PASS}, in parallel); returns how many. Never fails for one row. */
    public Future<Integer> runOnce() {
        Instant now = clock.instant();
        return resourcing.claim(pg, now, now.plus(lease), PER_PASS).compose(claimed -> {
            List<Future<Void>> each = new ArrayList<>();
            for (Claimed row : claimed) {
                each.add(process(row).recover(failure -> {
                    LOG.warn("re-sourcing of order {} short at store {} (attempt {}) stopped, taken up again after its lease: {}",
                            row.orderId(), row.fromStoreId(), row.attempt(), failure.toString());
                    return Future.succeededFuture();
                }));
            }
            return Future.join(each).transform(ignored -> Future.succeededFuture(claimed.size()));
        });
    }

    private Future<Void> process(Claimed row) {
        if (row.attempt() > MAX_ATTEMPTS) {
            return refund(row, "no store held them in " + MAX_ATTEMPTS + " attempts", null);
        }
        return row.status() == Status.PENDING ? findStore(row) : askHold(row);
    }

    /** PENDING: the nearest other store that has the units, and the hold to take there, recorded before it is asked for. */
    private Future<Void> findStore(Claimed row) {
        return orders.stored(pg, row.orderId()).compose(found -> {
            if (found.isEmpty() || !WAITING.contains(found.get().status())) {
                return end(row, Status.CANCELLED, "order is " + found.map(o -> o.status().name()).orElse("gone"));
            }
            OrderStore.StoredOrder order = found.get();
            return orders.legStates(pg, row.orderId()).compose(legs -> {
                Set<String> excluded = new HashSet<>(row.excluded());
                excluded.add(row.fromStoreId());
                legs.forEach(leg -> excluded.add(leg.storeId()));
                Map<Gtin, Integer> wanted = unitsByGtin(row.lines());
                List<BasketLine> lines = wanted.entrySet().stream().map(e -> new BasketLine(e.getKey(), e.getValue())).toList();
                QuoteRequest ask = new QuoteRequest(order.request().deliveryAddress(), lines, 1);
                // the excluded stores are no candidates of the quote, nor of its allocation
                return quotes.quoteWithInputs(ask, order.request().priority(), excluded).compose(quoted -> {
                    return quotes.allocate(quoted.request(), 1).compose(plan -> {
                        if (plan.legs().isEmpty()) {
                            if (quoted.lostStoresToLoad() && row.attempt() < MAX_ATTEMPTS) {
                                return Future.failedFuture(new IllegalStateException("stores lost to load: "
                                        + quoted.storesLostToLoad()));
                            }
                            return refund(row, "no store nearby has them", null);
                        }
                        return startHold(row, plan.legs().get(0));
                    });
                });
            });
        });
    }

    private Future<Void> startHold(Claimed row, Leg offered) {
        Map<Gtin, Integer> offeredUnits = new LinkedHashMap<>();
        offered.lines().forEach(line -> offeredUnits.merge(line.gtin(), line.quantity(), Integer::sum));
        Map<Integer, Integer> covered = ShortageMove.covered(row.lines(), offeredUnits);
        if (covered.isEmpty()) {
            return refund(row, "no store nearby has them", null);
        }
        String storeId = offered.storeId();
        Hold hold = new Hold(holdId(row.orderId(), storeId, row.fromStoreId()), row.orderId(), storeId, "TAKING",
                holdLines(row.lines(), covered), clock.instant().plus(holdFor));
        return pg.withTransaction(tx -> resourcing.toHolding(tx, row, storeId, hold.holdId(), covered).compose(recorded -> !recorded
                ? Future.succeededFuture(false)
                : holds.addTaking(tx, List.of(hold)).map(true))).compose(recorded -> {
                    if (!recorded) {
                        return Future.<Void>succeededFuture(); // another pass took it over meanwhile
                    }
                    LOG.info("order {}: re-sourcing {} unit(s) short at store {} at store {}", row.orderId(), units(covered),
                            row.fromStoreId(), storeId);
                    return askHold(new Claimed(row.orderId(), row.fromStoreId(), Status.HOLDING, row.lines(), storeId, hold.holdId(),
                            covered, row.excluded(), row.attempt()));
                });
    }

    /** HOLDING: asks the store for the recorded hold (again, after a crash: the same id holds once) and records its answer. */
    private Future<Void> askHold(Claimed row) {
        return holds.ofOrder(pg, row.orderId()).compose(recorded -> {
            Optional<Hold> hold = recorded.stream().filter(h -> h.holdId().equals(row.holdId())).findFirst();
            if (hold.isEmpty() || !hold.get().live()) {
                // released meanwhile (an unclear answer, a cancellation): look again, without that store
                return pg.withTransaction(tx -> resourcing.backToPending(tx, row, clock.instant())).mapEmpty();
            }
            return registry.byIds(List.of(row.toStoreId()))
                    .compose(stores -> storeHolds.take(stores.get(row.toStoreId()), hold.get()))
                    .compose(answer -> checkpoint.reached(Checkpoint.Step.RESOURCE_HOLD_ANSWERED, row.orderId()).map(answer))
                    .compose(answer -> {
                        HoldStore.Outcome outcome = new HoldStore.Outcome(row.holdId(), row.toStoreId(), answer);
                        if (answer.held()) {
                            return resourced(row, outcome);
                        }
                        if (row.attempt() >= MAX_ATTEMPTS) {
                            return refund(row, "store " + row.toStoreId() + " did not hold them: " + answer.failure(), outcome);
                        }
                        if (answer.mayBeHeld()) {
                            LOG.info("order {}: hold {} at store {} unclear ({}); asked again later", row.orderId(), row.holdId(),
                                    row.toStoreId(), answer.failure());
                            return resourcing.retryAt(pg, row, clock.instant().plus(lease));
                        }
                        return refused(row, outcome);
                    });
        });
    }

    /** The store refused the hold: recorded, and another store is looked for at once. */
    private Future<Void> refused(Claimed row, HoldStore.Outcome outcome) {
        return afterCommit(pg.withTransaction(tx -> orders.lock(tx, row.orderId())
                .compose(locked -> changes.recordHoldAnswers(tx, List.of(outcome)))
                .compose(ignored -> resourcing.backToPending(tx, row, clock.instant()))
                .mapEmpty()));
    }

    /** The store holds the units: they leave the leg that picked short and become a new leg there, in one transaction. */
    private Future<Void> resourced(Claimed row, HoldStore.Outcome outcome) {
        return afterCommit(pg.withTransaction(tx -> orders.lock(tx, row.orderId()).compose(order -> resourcing.lock(tx, row.orderId(),
                row.fromStoreId()).compose(locked -> {
                    if (locked.isEmpty() || !locked.get().open() || locked.get().attempt() != row.attempt()
                            || !row.holdId().equals(locked.get().holdId())) {
                        // another pass took it over: it asks for the same hold and records it
                        return Future.<Void>succeededFuture();
                    }
                    if (order.isEmpty() || !WAITING.contains(order.get().status())) {
                        return changes.recordHoldAnswers(tx, List.of(outcome))
                                .compose(ignored -> release(tx, row))
                                .compose(ignored -> resourcing.end(tx, row.orderId(), row.fromStoreId(), Status.CANCELLED,
                                        "order is " + order.map(o -> o.status().name()).orElse("gone")))
                                .mapEmpty();
                    }
                    return changes.recordHoldAnswers(tx, List.of(outcome))
                            .compose(ignored -> orders.settledLeg(tx, row.orderId(), row.fromStoreId()))
                            .compose(leg -> moveUnits(tx, row, leg.orElseThrow(() -> new IllegalStateException("order "
                                    + row.orderId() + " has no leg at store " + row.fromStoreId()))));
                }))));
    }

    private Future<Void> moveUnits(SqlConnection tx, Claimed row, OrderStore.SettledLeg shortLeg) {
        if (!"READY".equals(shortLeg.status()) || shortLeg.settlement() == null) {
            throw new IllegalStateException("the leg of order " + row.orderId() + " at store " + row.fromStoreId() + " is "
                    + shortLeg.status() + ", not settled");
        }
        ShortageMove.Split split = ShortageMove.split(shortLeg.lines(), shortLeg.settlement(), row.heldLines());
        Leg leg = Leg.of(row.toStoreId(), split.moved());
        String note = describe(split.moved()) + " picked short at store " + row.fromStoreId() + " re-sourced at store " + row.toStoreId();
        int leftShort = units(row.lines()) - units(row.heldLines());
        if (leftShort > 0) {
            note += "; " + leftShort + " unit(s) more refunded";
        }
        String told = note;
        return orders.insertHeldLeg(tx, row.orderId(), leg).compose(inserted -> {
            if (!inserted) {
                // the order got a leg at that store meanwhile (another of its re-sourcings): let go, look elsewhere
                return release(tx, row).compose(ignored -> resourcing.backToPending(tx, row, clock.instant())).mapEmpty();
            }
            return orders.reshapeSettledLeg(tx, row.orderId(), row.fromStoreId(), split.kept(), split.keptSettlement())
                    .compose(ignored -> resourcing.end(tx, row.orderId(), row.fromStoreId(), Status.RESOURCED, told))
                    .compose(ignored -> changes.change(tx, row.orderId(), OrderChange.RESOURCED, told))
                    .compose(ignored -> picking.legAdded(tx, row.orderId(), told))
                    .onSuccess(ignored -> LOG.info("order {}: {}", row.orderId(), told))
                    .mapEmpty();
        });
    }

    /**
     * The units are refunded (they stay short at the store that picked them short): the re-sourcing ends, its hold (if
     * any) is released, the timeline says RESOURCE_FAILED and the order moves on as its other legs allow.
     * {@code outcome}: the last answer of the store asked, recorded with it (null: none).
     */
    private Future<Void> refund(Claimed row, String why, HoldStore.Outcome outcome) {
        List<String> nowReady = new ArrayList<>();
        String note = describe(row.lines()) + " picked short at store " + row.fromStoreId() + " refunded: " + why;
        return afterCommit(pg.withTransaction(tx -> orders.lock(tx, row.orderId()).compose(order -> resourcing.lock(tx, row.orderId(),
                row.fromStoreId()).compose(locked -> {
                    if (locked.isEmpty() || !locked.get().open() || locked.get().attempt() != row.attempt()) {
                        return Future.<Void>succeededFuture();
                    }
                    Future<Void> answered = outcome == null ? Future.succeededFuture() : changes.recordHoldAnswers(tx, List.of(outcome));
                    boolean waiting = order.isPresent() && WAITING.contains(order.get().status());
                    return answered
                            .compose(ignored -> release(tx, row))
                            .compose(ignored -> resourcing.end(tx, row.orderId(), row.fromStoreId(),
                                    waiting ? Status.REFUNDED : Status.CANCELLED, note))
                            .compose(ignored -> !waiting ? Future.succeededFuture()
                                    : changes.change(tx, row.orderId(), OrderChange.RESOURCE_FAILED, note)
                                            .compose(told -> picking.readyIfComplete(tx, row.orderId(), nowReady, note)))
                            .onSuccess(ignored -> LOG.info("order {}: {}", row.orderId(), note))
                            .mapEmpty();
                })))).onSuccess(ignored -> picking.handOff(nowReady));
    }

    /** Ends a re-sourcing that has nothing to refund or hold (its order ended). */
    private Future<Void> end(Claimed row, Status status, String why) {
        return afterCommit(pg.withTransaction(tx -> release(tx, row)
                .compose(ignored -> resourcing.end(tx, row.orderId(), row.fromStoreId(), status, why))
                .mapEmpty()));
    }

    /** Releases the re-sourcing's hold, if it has a live one (outbox). */
    private Future<Void> release(SqlConnection tx, Claimed row) {
        if (row.holdId() == null) {
            return Future.succeededFuture();
        }
        return holds.release(tx, row.holdId()).compose(released -> Outbox.addAll(tx, released.stream()
                .map(h -> PartnerCommands.releaseMessage(h.orderId(), h.holdId(), h.storeId())).toList()));
    }

    private Future<Void> afterCommit(Future<Void> committed) {
        return committed.onSuccess(ignored -> outboxWritten.run());
    }

    /** Ours, the same whenever the re-sourcing is resumed, so asking again never holds twice; one per order, store and leg short. */
    static String holdId(String orderId, String storeId, String fromStoreId) {
        String id = orderId + ":" + storeId + ":r:" + fromStoreId;
        return id.length() <= 128 ? id : orderId + ":" + Integer.toHexString(storeId.hashCode()) + ":r:"
                + Integer.toHexString(fromStoreId.hashCode());
    }

    private static Map<Gtin, Integer> unitsByGtin(List<ShortLine> lines) {
        Map<Gtin, Integer> units = new LinkedHashMap<>();
        lines.forEach(line -> units.merge(line.gtin(), line.units(), Integer::sum));
        return units;
    }

    private static List<HoldLine> holdLines(List<ShortLine> lines, Map<Integer, Integer> covered) {
        Map<Gtin, Integer> units = new LinkedHashMap<>();
        for (ShortLine line : lines) {
            Integer held = covered.get(line.line());
            if (held != null) {
                units.merge(line.gtin(), held, Integer::sum);
            }
        }
        return units.entrySet().stream().map(e -> new HoldLine(e.getKey(), e.getValue())).toList();
    }

    private static int units(List<ShortLine> lines) {
        return lines.stream().mapToInt(ShortLine::units).sum();
    }

    private static int units(Map<Integer, Integer> covered) {
        return covered.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String describe(List<?> lines) {
        return lines.stream().map(line -> line instanceof ShortLine s ? s.units() + " x " + s.gtin().value()
                : ((LegLine) line).quantity() + " x " + ((LegLine) line).gtin().value()).collect(Collectors.joining(", "));
    }
}
