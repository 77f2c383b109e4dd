package io.aisle.gateway.order;

import io.aisle.contracts.api.HouseholdCap;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderResponse;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.allocation.AllocationRequest;
import io.aisle.gateway.allocation.Plan;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.order.model.BasketPartlyUnavailable;
import io.aisle.gateway.order.model.Hold;
import io.aisle.gateway.order.model.HouseholdBoughtMeanwhile;
import io.aisle.gateway.order.model.HouseholdCount;
import io.aisle.gateway.order.model.HoldAnswer;
import io.aisle.gateway.order.model.NoPlanHeldItsStock;
import io.aisle.gateway.order.model.NoStoreCanSupply;
import io.aisle.gateway.order.IdempotencyKeyStore.FirstUse;
import io.aisle.gateway.order.model.OrderRejected;
import io.aisle.gateway.order.model.StoresLostToLoad;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.quote.QuoteService;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order: quote and allocate, record the order with its plan, take holds at every chosen
 * store in parallel, re-plan without stores whose hold failed (a bounded number of times) and
 * release holds the new plan no longer needs, then confirm, or reject with the reason per line.
 * Every plan is recorded before its holds are asked for, and what the stores answered is recorded
 * with the change that follows (the next plan, the confirmation or the rejection), so a saga a crash
 * interrupted can be resumed by recovery from what the store says.
 */
public final class OrderSaga {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSaga.class);
    public static final int MAX_PLAN_ATTEMPTS = 3;
    /** How many times an order is planned again because other orders of its household bought capped products meanwhile. */
    static final int MAX_HOUSEHOLD_COUNTS = 5;

    private final Pool pg;
    private final OrderStore orders;
    private final HoldStore holds;
    private final OrderChanges changes;
    private final RejectionAnswers rejections;
    private final QuoteService quotes;
    private final StoreRegistry registry;
    private final Clock clock;
    private final Duration holdFor;
    private final Checkpoint checkpoint;
    private final StoreHolds storeHolds;

    public OrderSaga(Pool pg, OrderStore orders, HoldStore holds, OrderChanges changes, RejectionAnswers rejections,
                     QuoteService quotes, StoreRegistry registry, ChainAdapters adapters, Isolation isolation, Clock clock,
                     Duration holdFor, Checkpoint checkpoint) {
        this.pg = pg;
        this.orders = orders;
        this.holds = holds;
        this.changes = changes;
        this.rejections = rejections;
        this.quotes = quotes;
        this.registry = registry;
        this.clock = clock;
        this.holdFor = holdFor;
        this.checkpoint = checkpoint;
        this.storeHolds = new StoreHolds(adapters, isolation);
    }

    /** How the saga ended: the HTTP status and body of the answer to the order's first request. */
    public record Outcome(int status, JsonObject body) {
    }

    /** The answer a rejected order's request gets, and every replay of its idempotency key: the HTTP edge writes it. */
    @FunctionalInterface
    public interface RejectionAnswers {
        Outcome answer(OrderRejected rejection);
    }

    /** How a new order's request ended: the saga's outcome, or how its idempotency key was first used (nothing was done). */
    public record Placed(Outcome outcome, FirstUse firstUse) {

        static Placed decided(Outcome outcome) {
            return new Placed(outcome, null);
        }

        static Placed keyUsedBefore(FirstUse firstUse) {
            return new Placed(null, firstUse);
        }
    }

    /**
     * Places a new order: quotes and plans it first, then records the key and the order with its
     * first plan (or its rejection) in one transaction, then takes the holds. Nothing is stored before
     * the plan, so an order that cannot be decided now (stores lost to load: {@link StoresLostToLoad})
     * leaves nothing behind and the client may retry with the same key. Before any hold is asked for,
     * the order is stored: a crash from then on is finished by recovery.
     */
    public Future<Placed> place(String orderId, String clientId, String key, String requestSha256, OrderRequest request) {
        return quotes.quoteWithInputs(request.quote(), request.priority()).compose(quoted -> {
            Map<Gtin, HouseholdCap> caps = quoted.request().rules().lockdown().householdCaps();
            if (caps.isEmpty()) {
                return placeAs(orderId, clientId, key, requestSha256, request, quoted, null);
            }
            return orders.householdBought(pg, clientId, request.customerRef(), caps).compose(bought ->
                    placeCounted(orderId, clientId, key, requestSha256, request, quoted,
                            new HouseholdCount(clientId, request.customerRef(), caps, bought), 1));
        });
    }

    /**
     * Places an order of products with a household cap: planned within what the household has left by {@code household},
     * and planned again when its first transaction finds that other orders of the household changed that meanwhile.
     */
    private Future<Placed> placeCounted(String orderId, String clientId, String key, String requestSha256, OrderRequest request,
                                        QuoteService.Quoted quoted, HouseholdCount household, int count) {
        AllocationRequest allocation = quoted.request().withHouseholdLeft(household.left());
        return quotes.allocate(allocation, allocation.rules().maxStores())
                .compose(plan -> placeAs(orderId, clientId, key, requestSha256, request, quoted.planned(allocation, plan), household))
                .recover(failure -> failure instanceof HouseholdBoughtMeanwhile meanwhile && count < MAX_HOUSEHOLD_COUNTS
                        ? placeCounted(orderId, clientId, key, requestSha256, request, quoted, meanwhile.now(), count + 1)
                        : Future.failedFuture(failure));
    }

    private Future<Placed> placeAs(String orderId, String clientId, String key, String requestSha256, OrderRequest request,
                                   QuoteService.Quoted quoted, HouseholdCount household) {
        Plan plan = quoted.plan();
        List<StoreReport> report = quoted.response().stores();
        OrderRejected rejection = rejectionOf(orderId, request, plan, report);
        if ((rejection != null || !plan.unfilled().isEmpty()) && quoted.lostStoresToLoad()) {
            return Future.failedFuture(new StoresLostToLoad(quoted.storesLostToLoad()));
        }
        if (rejection != null) {
            Outcome answer = rejections.answer(rejection);
            return changes.beginRejected(clientId, key, requestSha256, orderId, request, report, rejection.status(),
                            rejection.getMessage(), rejection.unfilled(), answer.status(), answer.body(), household)
                    .map(first -> first.map(Placed::keyUsedBefore).orElse(Placed.decided(answer)));
        }
        List<Hold> take = new ArrayList<>();
        for (Leg leg : plan.legs()) {
            take.add(new Hold(holdId(orderId, leg.storeId(), 1), orderId, leg.storeId(), "TAKING", holdLines(leg),
                    clock.instant().plus(holdFor)));
        }
        return changes.beginWithPlan(clientId, key, requestSha256, orderId, request, plan.legs(), take, report, household)
                .compose(first -> first.isPresent()
                        ? Future.succeededFuture(Placed.keyUsedBefore(first.get()))
                        : holdAndConfirm(orderId, clientId, request, 1, withinPlan(quoted, plan), plan, take, Set.of())
                                .map(Placed::decided));
    }

    /**
     * The quote to plan again from after {@code plan} was recorded: a product with a household cap may have at most the
     * units {@code plan} has of it, which other orders of the household counted meanwhile, so no later plan of this
     * order takes what they were left.
     */
    private static QuoteService.Quoted withinPlan(QuoteService.Quoted quoted, Plan plan) {
        Map<Gtin, HouseholdCap> caps = quoted.request().rules().lockdown().householdCaps();
        if (caps.isEmpty()) {
            return quoted;
        }
        return quoted.planned(quoted.request().withHouseholdLeft(unitsOf(plan.legs(), caps)), quoted.plan());
    }

    /** A fresh quote of a recorded order (recovery), planned within the units of household-capped products it recorded. */
    private Future<QuoteService.Quoted> withinRecordedPlan(String orderId, String clientId, QuoteService.Quoted fresh) {
        Map<Gtin, HouseholdCap> caps = fresh.request().rules().lockdown().householdCaps();
        if (caps.isEmpty()) {
            return Future.succeededFuture(fresh);
        }
        return orders.find(pg, orderId, clientId).compose(view -> {
            AllocationRequest allocation = fresh.request().withHouseholdLeft(unitsOf(view.map(OrderResponse::legs).orElse(List.of()), caps));
            return quotes.allocate(allocation, allocation.rules().maxStores()).map(plan -> fresh.planned(allocation, plan));
        });
    }

    /** The units of each product of {@code caps} in {@code legs}, within its cap. */
    private static Map<Gtin, Integer> unitsOf(List<Leg> legs, Map<Gtin, HouseholdCap> caps) {
        Map<Gtin, Integer> units = new HashMap<>();
        caps.keySet().forEach(gtin -> units.put(gtin, 0));
        for (Leg leg : legs) {
            for (LegLine line : leg.lines()) {
                if (caps.containsKey(line.gtin())) {
                    units.merge(line.gtin(), line.quantity(), Integer::sum);
                }
            }
        }
        units.replaceAll((gtin, n) -> Math.min(n, caps.get(gtin).units()));
        return units;
    }

    /** Resumes an order a crash left in RECEIVED: holds it recorded are asked again (idempotent by hold id). */
    public Future<Outcome> resume(String orderId) {
        return orders.stored(pg, orderId).compose(found -> {
            if (found.isEmpty() || found.get().status() != OrderStatus.RECEIVED) {
                return Future.succeededFuture(new Outcome(200, new JsonObject()));
            }
            OrderStore.StoredOrder order = found.get();
            return holds.ofOrder(pg, orderId).compose(recorded -> {
                List<Hold> live = recorded.stream().filter(Hold::live).toList();
                if (live.isEmpty()) {
                    LOG.info("recovering order {}: planning it from the start", orderId);
                    return plan(orderId, order.clientId(), order.request(), order.planAttempts() + 1, Set.of(), null, List.of());
                }
                LOG.info("recovering order {}: asking again for its {} hold(s)", orderId, live.size());
                return takeHolds(live).compose(answered -> failedStores(answered).isEmpty()
                        ? confirmRecorded(orderId, order.clientId(), answered)
                        : plan(orderId, order.clientId(), order.request(), order.planAttempts() + 1, failedStores(answered), null,
                                answered));
            });
        });
    }

    /** The rejection a plan calls for, or null when it may be placed. */
    private static OrderRejected rejectionOf(String orderId, OrderRequest request, Plan plan, List<StoreReport> report) {
        if (plan.legs().isEmpty()) {
            return new NoStoreCanSupply(orderId, request, plan.unfilled(), report);
        }
        if (!request.acceptPartial() && !plan.unfilled().isEmpty()) {
            return new BasketPartlyUnavailable(orderId, request, plan.unfilled(), report);
        }
        return null;
    }

    /** Plans again without the stores in {@code excluded}; {@code answered}: what stores said to the last holds, not yet recorded. */
    private Future<Outcome> plan(String orderId, String clientId, OrderRequest request, int attempt, Set<String> excluded,
                                 QuoteService.Quoted previous, List<HoldStore.Outcome> answered) {
        if (attempt > MAX_PLAN_ATTEMPTS) {
            return reject(orderId, clientId, new NoPlanHeldItsStock(orderId, MAX_PLAN_ATTEMPTS,
                    previous == null ? List.of() : previous.response().stores()), answered);
        }
        Future<QuoteService.Quoted> quoted = previous != null
                ? Future.succeededFuture(previous)
                : quotes.quoteWithInputs(request.quote(), request.priority()).compose(fresh -> withinRecordedPlan(orderId, clientId, fresh));
        return quoted.compose(q -> {
            AllocationRequest allocation = q.request();
            for (String store : excluded) {
                allocation = allocation.without(store);
            }
            int maxStores = allocation.rules().maxStores();
            Future<Plan> plan = excluded.isEmpty() ? Future.succeededFuture(q.plan()) : quotes.allocate(allocation, maxStores);
            return plan.compose(p -> decide(orderId, clientId, request, attempt, q, p, excluded, answered));
        });
    }

    private Future<Outcome> decide(String orderId, String clientId, OrderRequest request, int attempt, QuoteService.Quoted quoted,
                                   Plan plan, Set<String> excluded, List<HoldStore.Outcome> answered) {
        List<StoreReport> report = quoted.response().stores();
        OrderRejected rejection = rejectionOf(orderId, request, plan, report);
        if (rejection != null) {
            return reject(orderId, clientId, rejection, answered);
        }
        return holds.ofOrder(pg, orderId).compose(recorded -> {
            // what the stores said to the last holds counts, though it is recorded only with this plan
            Set<String> refused = new HashSet<>();
            answered.stream().filter(a -> !a.held()).forEach(a -> refused.add(a.holdId()));
            List<Hold> existing = recorded.stream().filter(h -> !refused.contains(h.holdId())).toList();
            Map<String, Hold> liveByStore = new HashMap<>();
            existing.stream().filter(Hold::live).forEach(h -> liveByStore.put(h.storeId(), h));
            List<Hold> take = new ArrayList<>();
            Set<String> planned = new HashSet<>();
            for (Leg leg : plan.legs()) {
                planned.add(leg.storeId());
                List<HoldLine> lines = holdLines(leg);
                Hold current = liveByStore.get(leg.storeId());
                if (current == null || !sameLines(current.lines(), lines)) {
                    take.add(new Hold(holdId(orderId, leg.storeId(), attempt), orderId, leg.storeId(), "TAKING", lines,
                            clock.instant().plus(holdFor)));
                }
            }
            List<Hold> release = existing.stream().filter(Hold::live)
                    .filter(h -> !planned.contains(h.storeId()) || take.stream().anyMatch(t -> t.storeId().equals(h.storeId())))
                    .toList();
            return changes.recordPlan(orderId, attempt, plan.legs(), take, release, report, answered).compose(recorded1 -> {
                if (!recorded1) {
                    return answerAsStored(orderId, clientId);
                }
                return holdAndConfirm(orderId, clientId, request, attempt, withinPlan(quoted, plan), plan, take, excluded);
            });
        });
    }

    /** Takes the plan's holds; confirms when every store holds, else plans again without the stores that refused. */
    private Future<Outcome> holdAndConfirm(String orderId, String clientId, OrderRequest request, int attempt,
                                           QuoteService.Quoted quoted, Plan plan, List<Hold> take, Set<String> excluded) {
        return takeHolds(take).compose(answered -> checkpoint.reached(Checkpoint.Step.HOLDS_TAKEN, orderId).compose(ignored -> {
            Set<String> failed = failedStores(answered);
            if (failed.isEmpty()) {
                return confirm(orderId, clientId, plan, quoted.response().stores(), answered);
            }
            Set<String> nowExcluded = new HashSet<>(excluded);
            nowExcluded.addAll(failed);
            LOG.info("order {}: hold failed at {}; planning again without them", orderId, failed);
            return plan(orderId, clientId, request, attempt + 1, nowExcluded, quoted, answered);
        }));
    }

    /**
     * Asks every store for its hold in parallel and returns what each answered (recorded by the next
     * change of the order, in its transaction: until then a crash leaves the hold TAKING, and recovery
     * asks for it again, which the store answers as before).
     */
    private Future<List<HoldStore.Outcome>> takeHolds(List<Hold> asked) {
        if (asked.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return registry.byIds(asked.stream().map(Hold::storeId).distinct().toList()).compose(stores -> {
            List<Future<HoldAnswer>> outcomes = new ArrayList<>();
            for (Hold hold : asked) {
                outcomes.add(storeHolds.take(stores.get(hold.storeId()), hold));
            }
            return Future.join(outcomes).transform(ignored -> {
                List<HoldStore.Outcome> answered = new ArrayList<>();
                for (int i = 0; i < asked.size(); i++) {
                    Hold hold = asked.get(i);
                    Future<HoldAnswer> outcome = outcomes.get(i);
                    HoldAnswer answer = outcome.failed() ? HoldAnswer.unclear(String.valueOf(outcome.cause())) : outcome.result();
                    answered.add(new HoldStore.Outcome(hold.holdId(), hold.storeId(), answer));
                }
                return Future.succeededFuture(answered);
            });
        });
    }

    private static Set<String> failedStores(List<HoldStore.Outcome> answered) {
        Set<String> failed = new HashSet<>();
        answered.stream().filter(a -> !a.held()).forEach(a -> failed.add(a.storeId()));
        return failed;
    }

    private Future<Outcome> confirm(String orderId, String clientId, Plan plan, List<StoreReport> report,
                                    List<HoldStore.Outcome> answered) {
        OrderResponse answer = new OrderResponse(orderId, OrderStatus.CONFIRMED, null, plan.legs(), plan.unfilled(),
                plan.total(), report, List.of());
        JsonObject body = StoredJson.object(answer);
        return changes.confirm(orderId, plan.total(), plan.unfilled(), report, body, answered)
                .compose(confirmed -> confirmed.isPresent() ? Future.succeededFuture(new Outcome(201, confirmed.get()))
                        : answerAsStored(orderId, clientId));
    }

    /** Confirms a recovered order from the plan it recorded before the crash. */
    private Future<Outcome> confirmRecorded(String orderId, String clientId, List<HoldStore.Outcome> answered) {
        return orders.find(pg, orderId, clientId).compose(view -> {
            OrderResponse order = view.orElseThrow();
            Money total = Money.zero(Money.CNY);
            for (Leg leg : order.legs()) {
                total = total.plus(leg.subtotal());
            }
            Plan plan = new Plan(order.legs(), order.unfilled(), total, 0);
            return confirm(orderId, clientId, plan, order.stores(), answered);
        });
    }

    private Future<Outcome> reject(String orderId, String clientId, OrderRejected rejection, List<HoldStore.Outcome> answered) {
        Outcome answer = rejections.answer(rejection);
        return changes.close(orderId, rejection.status(), rejection.getMessage(), rejection.unfilled(), answer.status(), answer.body(),
                        answered)
                .compose(closed -> closed ? Future.succeededFuture(answer) : answerAsStored(orderId, clientId));
    }

    /** The order changed under the saga (cancelled meanwhile): answer with what it is now. */
    private Future<Outcome> answerAsStored(String orderId, String clientId) {
        return orders.find(pg, orderId, clientId).compose(view -> {
            JsonObject body = StoredJson.object(view.orElseThrow());
            return changes.completeKey(orderId, clientId, 201, body).map(new Outcome(201, body));
        });
    }

    /** Ours, and the same when the saga is resumed, so asking for a hold again never holds twice. */
    static String holdId(String orderId, String storeId, int attempt) {
        String id = orderId + ":" + storeId + ":" + attempt;
        return id.length() <= 128 ? id : orderId + ":" + Integer.toHexString(storeId.hashCode()) + ":" + attempt;
    }

    private static List<HoldLine> holdLines(Leg leg) {
        Map<Gtin, Integer> units = new LinkedHashMap<>();
        for (LegLine line : leg.lines()) {
            units.merge(line.gtin(), line.quantity(), Integer::sum);
        }
        List<HoldLine> lines = new ArrayList<>();
        units.forEach((gtin, quantity) -> lines.add(new HoldLine(gtin, quantity)));
        return lines;
    }

    private static boolean sameLines(List<HoldLine> a, List<HoldLine> b) {
        return new HashSet<>(a).equals(new HashSet<>(b)) && a.size() == b.size();
    }
}
