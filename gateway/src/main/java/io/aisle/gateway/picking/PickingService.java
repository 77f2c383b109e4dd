package io.aisle.gateway.picking;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.dispatch.RiderTiming;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.picklist.LegSettlement;
import io.aisle.gateway.planning.picklist.OrderedLeg;
import io.aisle.gateway.planning.picklist.PickListBuilder;
import io.aisle.gateway.planning.picklist.PickOutcomes;
import io.aisle.gateway.planning.picklist.ProductLookup;
import io.aisle.gateway.planning.picklist.Reconciliation;
import io.aisle.gateway.planning.picklist.StoreLayout;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.Wave;
import io.aisle.gateway.planning.wave.WaveDecision;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.persistence.AfterCommit;
import io.aisle.gateway.planning.wave.WavePlanner;
import io.aisle.gateway.planning.wave.WaveRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns confirmed order legs into pick waves per store and pick results into ready orders. Wave
 * building, pick-list consolidation and settlement are the pure planning core; this class runs them
 * over the stores, one transaction per wave or result, with its outbox rows.
 */
public final class PickingService {

    public static final String PICK_LIST_TOPIC = "picklist.submit";
    private static final Logger LOG = LoggerFactory.getLogger(PickingService.class);
    private static final int STORES_PER_PASS = 500;
    private static final int OVERDUE_PER_PASS = 100;

    private final Pool pg;
    private final OrderStore orders;
    private final OrderChanges changes;
    private final WaveStore waves;
    private final ProductCatalog catalog;
    private final WaveRules rules;
    private final Clock clock;
    private final Runnable outboxWritten;
    private final Consumer<List<String>> ordersReady;
    private final GatewayMetrics metrics;
    private final Shortages shortages;
    private final RiderTiming riders;

    /**
     * {@code outboxWritten} runs after every commit that wrote outbox rows (it wakes the relay);
     * {@code ordersReady} is told, after commit, which orders have all their bags ready.
     */
    public PickingService(Pool pg, OrderStore orders, OrderChanges changes, WaveStore waves, ProductCatalog catalog, WaveRules rules,
                          Clock clock, Runnable outboxWritten, Consumer<List<String>> ordersReady) {
        this(pg, orders, changes, waves, catalog, rules, clock, outboxWritten, ordersReady, GatewayMetrics.none());
    }

    /** As the other constructor; every wave that closes is measured in {@code metrics}. */
    public PickingService(Pool pg, OrderStore orders, OrderChanges changes, WaveStore waves, ProductCatalog catalog, WaveRules rules,
                          Clock clock, Runnable outboxWritten, Consumer<List<String>> ordersReady, GatewayMetrics metrics) {
        this(pg, orders, changes, waves, catalog, rules, clock, outboxWritten, ordersReady, metrics, RiderTiming.NONE);
    }

    /**
     * As the other constructors; {@code riders} says when the riders of waiting legs are expected (a wave closes early
     * rather than keep one waiting) and is told, in the same transaction, of every order whose bags are all ready.
     */
    public PickingService(Pool pg, OrderStore orders, OrderChanges changes, WaveStore waves, ProductCatalog catalog, WaveRules rules,
                          Clock clock, Runnable outboxWritten, Consumer<List<String>> ordersReady, GatewayMetrics metrics,
                          RiderTiming riders) {
        this.riders = riders;
        this.metrics = metrics;
        this.pg = pg;
        this.orders = orders;
        this.changes = changes;
        this.waves = waves;
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
        this.outboxWritten = outboxWritten;
        this.ordersReady = ordersReady;
        this.shortages = new Shortages(orders, new ResourcingStore(), clock);
    }

    /** Closes the waves that are due now at every store with waiting legs; returns how many. */
    public Future<Integer> closeDueWaves() {
        return orders.storesWithWaitingLegs(pg, STORES_PER_PASS).compose(storeIds -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (String storeId : storeIds) {
                chain = chain.compose(count -> closeDueWaves(storeId).map(closed -> count + closed));
            }
            return chain;
        });
    }

    private Future<Integer> closeDueWaves(String storeId) {
        Instant now = clock.instant();
        return pg.withTransaction(tx -> orders.lockWaitingLegs(tx, storeId).compose(pending -> {
            if (pending.isEmpty()) {
                return Future.succeededFuture(0);
            }
            Set<String> gtins = new LinkedHashSet<>();
            pending.forEach(leg -> leg.lines().forEach(line -> gtins.add(line.gtin().value())));
            return catalog.pickingFacts(tx, List.copyOf(gtins)).compose(facts -> riders.riderExpectedAt(tx, storeId,
                    pending.stream().map(OrderStore.WaitingLeg::orderId).toList()).compose(riderAt -> {
                List<OpenLeg> open = pending.stream().map(p -> new OpenLeg(p.orderId(), storeId, p.lines(),
                        p.lines().stream().mapToInt(l -> l.quantity() * facts.weightOf(l.gtin())).sum(),
                        p.priority(), p.confirmedAt(), p.deliveryPoint(), riderAt.get(p.orderId()))).toList();
                WaveDecision decision = WavePlanner.decide(open, now, rules);
                Future<Integer> closing = Future.succeededFuture(0);
                for (Wave wave : decision.waves()) {
                    closing = closing.compose(count -> closeWave(tx, wave, StoreLayout.of(facts.shelves())).map(count + 1));
                }
                return closing;
            }));
        })).onSuccess(closed -> {
            if (closed > 0) {
                outboxWritten.run();
            }
        });
    }

    private Future<Void> closeWave(SqlConnection tx, Wave wave, StoreLayout layout) {
        PickList pickList = PickListBuilder.build(wave, layout, rules);
        List<String> orderIds = wave.orderIds();
        AfterCommit.run(tx, () -> metrics.waveClosed(wave.reason().name(), orderIds.size(), wave.items()));
        Future<?> steps = orders.lockAll(tx, orderIds)
                .compose(ignored -> waves.insert(tx, wave, pickList, wave.expectedReadyAt(rules)))
                .compose(ignored -> orders.assignToWave(tx, wave.storeId(), orderIds, wave.waveId()));
        for (String orderId : orderIds) {
            steps = steps.compose(ignored -> changes.move(tx, orderId, OrderStatus.PICKING,
                    "picking at store " + wave.storeId() + " in wave " + wave.waveId()));
        }
        return steps.compose(ignored -> Outbox.add(tx, new OutboxMessage(PICK_LIST_TOPIC, wave.storeId(), pickList.pickListId(),
                new JsonObject().put("storeId", wave.storeId()).put("pickList", StoredJson.object(pickList)),
                orderIds.isEmpty() ? null : orderIds.get(0))));
    }

    /**
     * A store reports a pick list: every order leg of its wave is settled (picked, substituted as the
     * customer allows, short and refunded), and orders whose every leg is ready become READY.
     * A result for a wave already settled is acknowledged and ignored.
     */
    public Future<Void> onPickResult(PickResult result, Map<Gtin, Product> products) {
        if (!result.ready()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        List<String> nowReady = new ArrayList<>();
        return pg.withTransaction(tx -> waves.lockByPickList(tx, result.pickListId()).compose(found -> {
            if (found.isEmpty()) {
                LOG.warn("pick result for unknown pick list {} from store {}", result.pickListId(), result.storeId());
                return Future.succeededFuture();
            }
            WaveStore.StoredWave wave = found.get();
            if (!wave.submitted()) {
                return Future.succeededFuture(); // settled already, or timed out: a late result changes nothing
            }
            String storeId = wave.storeId();
            // the wave's orders are locked before their legs are settled: the check that every leg of an
            // order is ready must see a leg another store's result settled at the same moment
            return orders.legsOfWave(tx, wave.waveId()).compose(legs -> orders.lockAll(tx, List.copyOf(legs.keySet()))
                    .compose(locked -> orders.substitutionPolicies(tx, List.copyOf(legs.keySet())))
                    .compose(policies -> {
                        ProductLookup lookup = ProductLookup.of(products.values());
                        Future<?> steps = Future.succeededFuture();
                        for (Map.Entry<String, List<LegLine>> leg : legs.entrySet()) {
                            String orderId = leg.getKey();
                            List<PickResultLine> lines = result.lines().stream().filter(l -> l.orderId().equals(orderId)).toList();
                            LegSettlement settlement = PickOutcomes.settle(new OrderedLeg(orderId, storeId, leg.getValue(),
                                    policies.getOrDefault(orderId, Map.of())), lines, lookup);
                            steps = steps.compose(ignored -> orders.markLegReady(tx, orderId, storeId, now, settlement))
                                    // short units the order wants re-sourced: it waits for them (Resourcing)
                                    .compose(settled -> settled ? shortages.recordIfResourced(tx, leg.getValue(), settlement)
                                            : Future.succeededFuture(false))
                                    .compose(ignored -> readyIfComplete(tx, orderId, nowReady, null));
                        }
                        return steps.compose(ignored -> waves.markReady(tx, wave.waveId(), now));
                    })).mapEmpty();
        })).onSuccess(ignored -> {
            outboxWritten.run();
            if (!nowReady.isEmpty()) {
                ordersReady.accept(nowReady);
            }
        }).mapEmpty();
    }

    /** The GTINs a pick result and its wave name, for the catalogue facts settlement needs. */
    public static List<Gtin> gtinsOf(PickResult result) {
        Set<Gtin> gtins = new HashSet<>();
        for (PickResultLine line : result.lines()) {
            gtins.add(line.gtin());
            if (line.substituteGtin() != null) {
                gtins.add(line.substituteGtin());
            }
        }
        return List.copyOf(gtins);
    }

    /**
     * Once every leg of the order is settled: READY with what is charged and refunded; FAILED when nothing
     * could be picked at all (no rider for empty bags, everything refunded). {@code why} is added to the note.
     * An order whose short units are being re-sourced waits for them. The caller holds the order's row lock.
     */
    Future<Void> readyIfComplete(SqlConnection tx, String orderId, List<String> nowReady, String why) {
        return stillToSettle(tx, orderId).compose(notReady -> {
            if (notReady > 0) {
                return Future.succeededFuture();
            }
            return orders.settlements(tx, orderId).compose(legs -> {
                Reconciliation money = Reconciliation.ofOrder(legs);
                String amounts = "charged " + money.charged().amount() + ", refunded " + money.refunded().amount() + " "
                        + money.charged().currency() + (why == null ? "" : "; " + why);
                boolean nothing = money.charged().amount() == 0;
                return orders.setMoney(tx, orderId, money.charged().amount(), money.refunded().amount())
                        .compose(ignored -> nothing
                                ? changes.move(tx, orderId, OrderStatus.FAILED, "nothing could be picked; " + amounts)
                                : changes.move(tx, orderId, OrderStatus.READY, "bags ready; " + amounts))
                        .compose(moved -> {
                            if (moved && !nothing) {
                                nowReady.add(orderId);
                                return riders.bagsReady(tx, orderId, clock.instant());
                            }
                            return Future.<Void>succeededFuture();
                        });
            });
        });
    }

    /** The order's legs not yet settled, and then its re-sourcings still open. */
    private Future<Long> stillToSettle(SqlConnection tx, String orderId) {
        return orders.legsNotReady(tx, orderId).compose(legs -> legs > 0 ? Future.succeededFuture(legs) : shortages.open(tx, orderId));
    }

    /** The order got a leg at another store in {@code tx} (re-sourced units): rider handoff hears of it. */
    Future<Void> legAdded(SqlConnection tx, String orderId, String why) {
        return riders.legAdded(tx, orderId, why);
    }

    /** Tells, after commit, that these orders have all their bags ready (they are handed to riders). */
    void handOff(List<String> nowReady) {
        if (!nowReady.isEmpty()) {
            ordersReady.accept(nowReady);
        }
    }

    /**
     * Pick lists whose result is overdue: {@code margin} past the wave's expected ready time, the pick list
     * is sent to the store once more (the same id: a store that has it changes nothing, one that lost it
     * picks it); {@code margin} after that, the wave times out: each of its legs still being picked is
     * settled as not picked (refunded), its holds at the store are released and the store is told the order
     * is cancelled there, and its order moves on (READY with the other stores' bags, or FAILED). Returns the
     * waves sent again and timed out.
     */
    public Future<Integer> handleOverdueWaves(Duration margin) {
        Instant now = clock.instant();
        Future<Integer> resubmitted = pg.withTransaction(tx -> waves.lockDueForResubmission(tx, now.minus(margin), OVERDUE_PER_PASS)
                .compose(due -> {
                    Future<Void> steps = Future.succeededFuture();
                    for (WaveStore.OverdueWave wave : due) {
                        LOG.warn("pick list {} at store {}: no result {} s after it was expected; sending it again", wave.pickListId(),
                                wave.storeId(), margin.toSeconds());
                        steps = steps.compose(ignored -> Outbox.add(tx, new OutboxMessage(PICK_LIST_TOPIC, wave.storeId(),
                                        wave.pickListId() + ":again", new JsonObject().put("storeId", wave.storeId())
                                        .put("pickList", wave.pickList()), firstOrderOf(wave.pickList()))))
                                .compose(ignored -> waves.markResubmitted(tx, wave.waveId(), now));
                    }
                    return steps.map(due.size());
                })).onSuccess(count -> {
                    if (count > 0) {
                        outboxWritten.run();
                    }
                });
        return resubmitted.compose(count -> waves.dueForTimeOut(pg, now.minus(margin), OVERDUE_PER_PASS).compose(ids -> {
            Future<Integer> chain = Future.succeededFuture(count);
            for (String waveId : ids) {
                chain = chain.compose(n -> timeOut(waveId, now).map(n + 1));
            }
            return chain;
        }));
    }

    private Future<Void> timeOut(String waveId, Instant now) {
        List<String> nowReady = new ArrayList<>();
        return pg.withTransaction(tx -> waves.lock(tx, waveId).compose(found -> {
            if (found.isEmpty() || !found.get().submitted()) {
                return Future.<Void>succeededFuture();
            }
            String storeId = found.get().storeId();
            String why = "store " + storeId + " did not report its pick list in time";
            return orders.legsOfWave(tx, waveId).compose(legs -> orders.lockAll(tx, List.copyOf(legs.keySet())).compose(locked -> {
                Future<?> steps = Future.succeededFuture();
                for (Map.Entry<String, List<LegLine>> leg : legs.entrySet()) {
                    String orderId = leg.getKey();
                    LegSettlement notPicked = PickOutcomes.settle(new OrderedLeg(orderId, storeId, leg.getValue(), Map.of()), List.of(),
                            ProductLookup.of(List.of()));
                    steps = steps.compose(ignored -> orders.markLegReady(tx, orderId, storeId, now, notPicked))
                            .compose(settled -> !settled ? Future.succeededFuture()
                                    : changes.abandonLeg(tx, orderId, storeId).compose(ignored -> readyIfComplete(tx, orderId, nowReady, why)));
                }
                LOG.warn("pick list of wave {} at store {}: no result after it was sent again; {} leg(s) refunded", waveId, storeId,
                        legs.size());
                return steps.compose(ignored -> waves.markTimedOut(tx, waveId, now));
            }));
        })).onSuccess(ignored -> {
            outboxWritten.run();
            if (!nowReady.isEmpty()) {
                ordersReady.accept(nowReady);
            }
        });
    }

    /** The first order of a stored pick list (its trace is the one the list is sent in again), or null. */
    private static String firstOrderOf(JsonObject pickList) {
        try {
            JsonObject orderSplit = pickList.getJsonArray("lines").getJsonObject(0).getJsonArray("orders").getJsonObject(0);
            return orderSplit.getString("orderId");
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
