package io.aisle.gateway.order;

import io.aisle.contracts.api.Handoff;
import io.aisle.contracts.api.HandoffMode;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.OrderChange;
import io.aisle.contracts.api.OrderEvent;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.order.IdempotencyKeyStore.FirstUse;
import io.aisle.gateway.order.model.CancelPolicy;
import io.aisle.gateway.order.model.Hold;
import io.aisle.gateway.order.model.HouseholdBoughtMeanwhile;
import io.aisle.gateway.order.model.HouseholdCount;
import io.aisle.gateway.order.model.HoldAnswer;
import io.aisle.gateway.order.model.OrderEventIds;
import io.aisle.gateway.order.model.OrderLifecycle;
import io.aisle.gateway.order.model.UnknownOrder;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.observability.TraceContext;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.persistence.AfterCommit;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.webhook.WebhookHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every change of an order's state, each one PostgreSQL transaction over the order's stores that
 * also writes the outbox rows the change requires (webhooks, hold releases, partner cancellations),
 * so nothing is sent for a change that did not happen and nothing that must be sent is lost.
 * Holds no SQL of its own: {@link OrderStore}, {@link HoldStore} and {@link IdempotencyKeyStore} do.
 */
public final class OrderChanges {

    private final Pool pg;
    private final OrderStore orders;
    private final HoldStore holds;
    private final IdempotencyKeyStore keys;
    private final Clock clock;
    private final Duration lease;
    private final Runnable outboxWritten;
    private final GatewayMetrics metrics;

    /** {@code outboxWritten} runs after every commit that wrote outbox rows (it wakes the relay). */
    public OrderChanges(Pool pg, OrderStore orders, HoldStore holds, IdempotencyKeyStore keys, Clock clock, Duration lease,
                        Runnable outboxWritten) {
        this(pg, orders, holds, keys, clock, lease, outboxWritten, GatewayMetrics.none());
    }

    /** As the other constructor; every committed status change is counted in {@code metrics}. */
    public OrderChanges(Pool pg, OrderStore orders, HoldStore holds, IdempotencyKeyStore keys, Clock clock, Duration lease,
                        Runnable outboxWritten, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.pg = pg;
        this.orders = orders;
        this.holds = holds;
        this.keys = keys;
        this.clock = clock;
        this.lease = lease;
        this.outboxWritten = outboxWritten;
    }

    private <T> Future<T> written(Future<T> committed) {
        return committed.onSuccess(ignored -> outboxWritten.run());
    }

    /**
     * Records the key and the order, planned: RECEIVED (with its webhook), its first plan's legs and
     * the holds about to be taken, in one transaction, unless the client used the key before: empty
     * when the order was created now, else how the key was first used (and nothing is written).
     * With a {@code household} count (the order has products with a household cap; else null), the
     * household is locked first and the order written only if it still bought what the plan was made
     * from: else the transaction fails with {@link HouseholdBoughtMeanwhile} and nothing is written.
     */
    public Future<Optional<FirstUse>> beginWithPlan(String clientId, String key, String requestSha256, String orderId,
                                                    OrderRequest request, List<Leg> legs, List<Hold> take, List<StoreReport> report,
                                                    HouseholdCount household) {
        // the trace the order is placed in, which what it causes later (pick lists, trips, webhooks) continues
        String traceparent = TraceContext.currentTraceparent();
        return written(pg.withTransaction(tx -> keys.claim(tx, clientId, key, requestSha256, orderId).compose(first -> {
            if (first.isPresent()) {
                return Future.succeededFuture(first);
            }
            return householdAsCounted(tx, household).compose(counted -> orders.insert(tx, orderId, clientId, request, clock.instant().plus(lease), 1, report, traceparent)
                    .compose(ignored -> firstTransition(tx, orderId, clientId, request.customerRef()))
                    .compose(ignored -> orders.insertLegs(tx, orderId, legs))
                    .compose(ignored -> holds.addTaking(tx, take))
                    .map(Optional.<FirstUse>empty()));
        })));
    }

    /** Locks the household and fails with {@link HouseholdBoughtMeanwhile} unless it bought what it was counted to. */
    private Future<Void> householdAsCounted(SqlConnection tx, HouseholdCount counted) {
        if (counted == null) {
            return Future.succeededFuture();
        }
        return orders.lockHousehold(tx, counted.clientId(), counted.customerRef())
                .compose(ignored -> orders.householdBought(tx, counted.clientId(), counted.customerRef(), counted.caps()))
                .compose(now -> counted.sameAs(now) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new HouseholdBoughtMeanwhile(counted.recounted(now))));
    }

    /**
     * Records the key and the order, rejected before any hold: RECEIVED, then {@code to} (each with its
     * webhook), and the answer for the key, in one transaction, unless the client used the key before:
     * empty when the order was recorded now, else how the key was first used (and nothing is written).
     * A {@code household} count is checked as {@link #beginWithPlan} checks it.
     */
    public Future<Optional<FirstUse>> beginRejected(String clientId, String key, String requestSha256, String orderId,
                                                    OrderRequest request, List<StoreReport> report, OrderStatus to, String note,
                                                    List<UnfilledLine> unfilled, int statusCode, JsonObject answer,
                                                    HouseholdCount household) {
        // the trace the order is placed in, which what it causes later (pick lists, trips, webhooks) continues
        String traceparent = TraceContext.currentTraceparent();
        return written(pg.withTransaction(tx -> keys.claim(tx, clientId, key, requestSha256, orderId).compose(first -> {
            if (first.isPresent()) {
                return Future.succeededFuture(first);
            }
            return householdAsCounted(tx, household).compose(counted -> orders.insert(tx, orderId, clientId, request, clock.instant().plus(lease), 1, report, traceparent)
                    .compose(ignored -> firstTransition(tx, orderId, clientId, request.customerRef()))
                    .compose(ignored -> orders.close(tx, orderId, OrderStatus.RECEIVED, to, unfilled))
                    .compose(ignored -> transition(tx, orderId, clientId, request.customerRef(), OrderStatus.RECEIVED, to, note))
                    .compose(ignored -> keys.complete(tx, clientId, orderId, statusCode, answer))
                    .map(Optional.<FirstUse>empty()));
        })));
    }

    /**
     * Records a plan: its legs, the holds to take, the holds to release (with their outbox rows), and
     * what the stores answered to the holds of the plan before. False when the order left RECEIVED.
     */
    public Future<Boolean> recordPlan(String orderId, int attempt, List<Leg> legs, List<Hold> take, List<Hold> release,
                                      List<StoreReport> report, List<HoldStore.Outcome> answered) {
        return written(pg.withTransaction(tx -> orders.recordPlan(tx, orderId, attempt, report, clock.instant().plus(lease))
                .compose(recorded -> {
                    if (!recorded) {
                        return Future.succeededFuture(false);
                    }
                    Future<?> steps = recordAnswers(tx, answered)
                            .compose(ignored -> orders.replaceLegs(tx, orderId, legs))
                            .compose(ignored -> holds.addTaking(tx, take));
                    for (Hold hold : release) {
                        steps = steps.compose(ignored -> holds.release(tx, hold.holdId()))
                                .compose(released -> Outbox.addAll(tx, releaseMessages(released)));
                    }
                    return steps.map(true);
                })));
    }

    /** One hold's answer recorded on its own, as {@link #recordAnswers} records the answers with the change that follows them. */
    public Future<Void> holdOutcome(String holdId, HoldAnswer answer) {
        return written(pg.withTransaction(tx -> recordAnswers(tx, List.of(new HoldStore.Outcome(holdId, null, answer)))));
    }

    /** Inside the caller's transaction: what stores answered to holds of an order, as {@link #recordAnswers} records them. */
    public Future<Void> recordHoldAnswers(SqlConnection tx, List<HoldStore.Outcome> answered) {
        return recordAnswers(tx, answered);
    }

    /**
     * Inside the change's transaction: what the stores answered to the order's holds. A hold the store
     * may hold without having said so clearly (no answer in time, a failed connection, a call not made)
     * is released through the outbox, as is a hold the store granted after it was released here (the
     * order was cancelled while the hold was on its way): either would otherwise stay open at the store
     * after every order ended.
     */
    private Future<Void> recordAnswers(SqlConnection tx, List<HoldStore.Outcome> answered) {
        Future<Void> steps = holds.recordOutcomes(tx, answered);
        for (HoldStore.Outcome unclear : answered.stream().filter(o -> !o.held() && o.answer().mayBeHeld()).toList()) {
            steps = steps.compose(ignored -> holds.releaseUnclear(tx, unclear.holdId(), unclear.answer().failure()))
                    .compose(released -> Outbox.addAll(tx, releaseMessages(released)));
        }
        List<String> held = answered.stream().filter(HoldStore.Outcome::held).map(HoldStore.Outcome::holdId).toList();
        if (held.isEmpty()) {
            return steps;
        }
        return steps.compose(ignored -> holds.releasedAmong(tx, held))
                .compose(crossed -> Outbox.addAll(tx, crossed.stream()
                        .map(h -> PartnerCommands.releaseAgainMessage(h.orderId(), h.holdId(), h.storeId())).toList()));
    }

    /**
     * RECEIVED -> CONFIRMED with what the stores answered to its holds; records {@code answer} for the
     * idempotency key with the order's customer reference and its timeline up to CONFIRMED, and yields
     * it so. Empty when the order left RECEIVED meanwhile.
     */
    public Future<Optional<JsonObject>> confirm(String orderId, Money total, List<UnfilledLine> unfilled, List<StoreReport> report,
                                                JsonObject answer, List<HoldStore.Outcome> answered) {
        return written(pg.withTransaction(tx -> orders.confirm(tx, orderId, total, unfilled, report).compose(owner -> {
            if (owner.isEmpty()) {
                return Future.succeededFuture(Optional.<JsonObject>empty());
            }
            String clientId = owner.get().clientId();
            String customerRef = owner.get().customerRef();
            Instant at = clock.instant();
            AfterCommit.run(tx, () -> metrics.orderReached(OrderStatus.CONFIRMED));
            return recordAnswers(tx, answered)
                    .compose(ignored -> orders.appendTransitionWithTimeline(tx, orderId, OrderStatus.CONFIRMED, at, null))
                    .compose(appended -> {
                        JsonObject complete = answer.copy().put("timeline", StoredJson.array(appended.timeline()));
                        if (customerRef != null) {
                            complete.put("customerRef", customerRef);
                        }
                        if (owner.get().dropoff() != null) {
                            complete.put("dropoff", StoredJson.object(owner.get().dropoff()));
                        }
                        if (owner.get().handoffCode() != null) {
                            complete.put("handoffCode", owner.get().handoffCode());
                        }
                        if (owner.get().shortages() != null) {
                            complete.put("shortages", owner.get().shortages().name());
                        }
                        return Outbox.add(tx, WebhookHandler.message(clientId, new OrderEvent(OrderEventIds.of(orderId, appended.seq()),
                                        orderId, appended.seq(), OrderStatus.CONFIRMED, OrderStatus.RECEIVED, at, customerRef, null)))
                                .compose(ignored -> keys.complete(tx, clientId, orderId, 201, complete))
                                .map(Optional.of(complete));
                    });
        })));
    }

    /**
     * RECEIVED -> REJECTED or FAILED: releases every live hold (outbox), records the answer for the
     * idempotency key. False when the order left RECEIVED meanwhile.
     */
    public Future<Boolean> close(String orderId, OrderStatus to, String note, List<UnfilledLine> unfilled, int statusCode,
                                 JsonObject answer, List<HoldStore.Outcome> answered) {
        return written(pg.withTransaction(tx -> orders.close(tx, orderId, OrderStatus.RECEIVED, to, unfilled).compose(owner -> {
            if (owner.isEmpty()) {
                return Future.succeededFuture(false);
            }
            String clientId = owner.get().clientId();
            return recordAnswers(tx, answered)
                    .compose(ignored -> holds.releaseAllOf(tx, orderId))
                    .compose(released -> Outbox.addAll(tx, releaseMessages(released)))
                    .compose(ignored -> orders.setLegs(tx, orderId, "RELEASED"))
                    .compose(ignored -> transition(tx, orderId, clientId, owner.get().customerRef(), OrderStatus.RECEIVED, to, note))
                    .compose(ignored -> keys.complete(tx, clientId, orderId, statusCode, answer))
                    .map(true);
        })));
    }

    /**
     * Cancels an order of the client as {@link CancelPolicy} allows: releases its holds and cancels
     * at the stores that work on it (outbox), tells the client. Fails with {@link UnknownOrder} for
     * another client's order, and as the policy says when it may not be cancelled.
     */
    public Future<CancelPolicy.Decision> cancel(String orderId, String clientId, String reason) {
        return written(pg.withTransaction(tx -> orders.lock(tx, orderId).compose(found -> {
            if (found.isEmpty() || !clientId.equals(found.get().clientId())) {
                return Future.failedFuture(new UnknownOrder(orderId));
            }
            OrderStatus status = found.get().status();
            if (CancelPolicy.decide(orderId, status) == CancelPolicy.Decision.ALREADY_CANCELLED) {
                return Future.succeededFuture(CancelPolicy.Decision.ALREADY_CANCELLED);
            }
            return orders.close(tx, orderId, status, OrderStatus.CANCELLED, null)
                    .compose(ignored -> holds.releaseAllOf(tx, orderId))
                    .compose(released -> Outbox.addAll(tx, releaseMessages(released)))
                    .compose(ignored -> orders.legStates(tx, orderId))
                    .compose(legs -> Outbox.addAll(tx, legs.stream().filter(leg -> CancelPolicy.storeMustCancel(leg.status()))
                            .map(leg -> PartnerCommands.cancelMessage(orderId, leg.storeId())).toList()))
                    .compose(ignored -> orders.setLegs(tx, orderId, "CANCELLED"))
                    .compose(ignored -> transition(tx, orderId, clientId, found.get().customerRef(), status, OrderStatus.CANCELLED,
                            reason))
                    .map(CancelPolicy.Decision.CANCEL);
        })));
    }

    /**
     * Moves an order to {@code to} inside the caller's transaction, with its timeline entry and its
     * webhook; false (and nothing written) when the lifecycle does not allow the move from where it is.
     */
    public Future<Boolean> move(SqlConnection tx, String orderId, OrderStatus to, String note) {
        return move(tx, orderId, to, note, null);
    }

    /** As {@link #move(SqlConnection, String, OrderStatus, String)}, but only from one of {@code from} (each allowed before {@code to}). */
    public Future<Boolean> move(SqlConnection tx, String orderId, java.util.Set<OrderStatus> from, OrderStatus to, String note) {
        java.util.Set<OrderStatus> allowed = java.util.EnumSet.noneOf(OrderStatus.class);
        allowed.addAll(from);
        allowed.retainAll(OrderLifecycle.before(to));
        return orders.moveFrom(tx, orderId, allowed, to).compose(moved -> {
            if (moved.isEmpty()) {
                return Future.succeededFuture(false);
            }
            OrderStore.Locked order = moved.get();
            return transition(tx, orderId, order.clientId(), order.customerRef(), order.status(), to, note, null).map(true);
        });
    }

    /** As {@link #move(SqlConnection, String, OrderStatus, String)}, the event telling how the order was handed over (null: not told). */
    public Future<Boolean> move(SqlConnection tx, String orderId, OrderStatus to, String note, Handoff handoff) {
        return orders.moveFrom(tx, orderId, OrderLifecycle.before(to), to).compose(moved -> {
            if (moved.isEmpty()) {
                return Future.succeededFuture(false);
            }
            OrderStore.Locked order = moved.get();
            return transition(tx, orderId, order.clientId(), order.customerRef(), order.status(), to, note, handoff).map(true);
        });
    }

    /**
     * Inside the caller's transaction, which holds the order's row lock: tells a change of the order within its status
     * (a timeline entry that keeps the status, and its webhook). False when there is no such order.
     */
    public Future<Boolean> change(SqlConnection tx, String orderId, OrderChange change, String note) {
        return orders.lock(tx, orderId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(false);
            }
            OrderStore.Locked order = found.get();
            Instant at = clock.instant();
            return orders.appendChange(tx, orderId, order.status(), change, at, note).compose(seq -> Outbox.add(tx,
                    WebhookHandler.message(order.clientId(), new OrderEvent(OrderEventIds.of(orderId, seq), orderId, seq, order.status(),
                            order.status(), at, order.customerRef(), note, null, change)))).map(true);
        });
    }

    /**
     * Inside the caller's transaction: records how the order, being delivered (PICKED_UP), was handed over,
     * {@code code} the handoff code the rider was told (checked against the order's). Empty when it is not
     * being delivered.
     */
    public Future<Optional<Handoff>> recordHandoff(SqlConnection tx, String orderId, HandoffMode mode, Instant at, String code) {
        return orders.recordHandoff(tx, orderId, mode, at, code);
    }

    /**
     * Inside the caller's transaction: the order's leg at the store is given up (its pick list never
     * came back): its holds there are released and the store is told the order is cancelled there, so
     * nothing is picked or held for it later (outbox).
     */
    public Future<Void> abandonLeg(SqlConnection tx, String orderId, String storeId) {
        return holds.releaseAllOfAt(tx, orderId, storeId)
                .compose(released -> Outbox.addAll(tx, releaseMessages(released)))
                .compose(ignored -> Outbox.add(tx, PartnerCommands.cancelMessage(orderId, storeId)));
    }

    /** Records the answer of the order's idempotency key, unless it has one. */
    public Future<Void> completeKey(String orderId, String clientId, int statusCode, JsonObject answer) {
        return keys.complete(pg, clientId, orderId, statusCode, answer);
    }

    /** Takes over orders whose saga stopped (its lease ran out) for a lease of this instance: the caller resumes them. */
    public Future<List<String>> claimStale(int limit) {
        Instant now = clock.instant();
        return orders.claimStale(pg, now, now.plus(lease), limit);
    }

    /** Releases (outbox) holds past their expiry that no live order needs. Returns how many. */
    public Future<Integer> releaseExpiredHolds(int limit) {
        return written(pg.withTransaction(tx -> holds.releaseExpired(tx, clock.instant(), limit)
                .compose(released -> Outbox.addAll(tx, releaseMessages(released)).map(released.size()))));
    }

    /** Forgets idempotency keys older than {@code keepFor} (a bounded batch at a time); returns how many. */
    public Future<Integer> forgetKeysOlderThan(Duration keepFor, int limit) {
        return keys.forgetAnsweredBefore(pg, clock.instant().minus(keepFor), limit);
    }

    private Future<Void> firstTransition(SqlConnection tx, String orderId, String clientId, String customerRef) {
        Instant at = clock.instant();
        AfterCommit.run(tx, () -> metrics.orderReached(OrderStatus.RECEIVED));
        return orders.appendFirstTransition(tx, orderId, OrderStatus.RECEIVED, at, null).compose(seq -> Outbox.add(tx,
                WebhookHandler.message(clientId, new OrderEvent(OrderEventIds.of(orderId, seq), orderId, seq, OrderStatus.RECEIVED,
                        null, at, customerRef, null))));
    }

    private Future<Void> transition(SqlConnection tx, String orderId, String clientId, String customerRef, OrderStatus from,
                                    OrderStatus to, String note) {
        return transition(tx, orderId, clientId, customerRef, from, to, note, null);
    }

    private Future<Void> transition(SqlConnection tx, String orderId, String clientId, String customerRef, OrderStatus from,
                                    OrderStatus to, String note, Handoff handoff) {
        Instant at = clock.instant();
        AfterCommit.run(tx, () -> metrics.orderReached(to));
        return orders.appendTransition(tx, orderId, to, at, note).compose(seq -> Outbox.add(tx, WebhookHandler.message(clientId,
                new OrderEvent(OrderEventIds.of(orderId, seq), orderId, seq, to, from, at, customerRef, note, handoff))));
    }

    private static List<OutboxMessage> releaseMessages(List<HoldStore.Releasing> released) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (HoldStore.Releasing hold : released) {
            messages.add(PartnerCommands.releaseMessage(hold.orderId(), hold.holdId(), hold.storeId()));
        }
        return messages;
    }
}
