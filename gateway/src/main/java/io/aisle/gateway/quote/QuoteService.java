package io.aisle.gateway.quote;

import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.QuoteRequest;
import io.aisle.contracts.api.QuoteResponse;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.allocation.AllocationRequest;
import io.aisle.gateway.allocation.AllocationRules;
import io.aisle.gateway.allocation.Allocator;
import io.aisle.gateway.allocation.CandidateStore;
import io.aisle.gateway.allocation.Offer;
import io.aisle.gateway.allocation.Plan;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.QuoteConfig;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Quotes a basket: finds candidate stores near the address, asks them for stock (fan-out under one
 * deadline), and allocates the basket with the pure allocator. Also the first step of placing an order.
 */
public final class QuoteService {

    static final int SIMILAR_PER_LINE = 5;
    /** Beyond this many stores per order the subset search runs on a worker thread, not an event loop. */
    static final int INLINE_MAX_STORES = 3;

    private final Vertx vertx;
    private final StoreRegistry registry;
    private final ProductCatalog catalog;
    private final StockFanOut fanOut;
    private final QuoteConfig config;

    public QuoteService(Vertx vertx, StoreRegistry registry, ProductCatalog catalog, StockFanOut fanOut, QuoteConfig config) {
        this.vertx = vertx;
        this.registry = registry;
        this.catalog = catalog;
        this.fanOut = fanOut;
        this.config = config;
    }

    /** A quote and the inputs it was made from (orders re-plan from them when a hold fails). */
    public record Quoted(QuoteResponse response, AllocationRequest request, List<StoreResult> results, Plan plan) {

        /** Whether stores were lost to load (see {@link StoreResult#lostToLoad()}): what they would have offered is unknown. */
        public boolean lostStoresToLoad() {
            return results.stream().anyMatch(StoreResult::lostToLoad);
        }

        /** The same quote planned again from {@code allocation} (the same offers under other rules). */
        public Quoted planned(AllocationRequest allocation, Plan plan) {
            return new Quoted(new QuoteResponse(response.quoteId(), plan.legs(), plan.unfilled(), plan.total(), response.stores()),
                    allocation, results, plan);
        }

        /** The stores lost to load. */
        public List<String> storesLostToLoad() {
            return results.stream().filter(StoreResult::lostToLoad).map(r -> r.candidate().store().storeId()).toList();
        }
    }

    public Future<QuoteResponse> quote(QuoteRequest request) {
        return quoteWithInputs(request).map(Quoted::response);
    }

    /** A quote as an ordinary (STANDARD) order would be planned: the stock kept for priority orders is not offered. */
    public Future<Quoted> quoteWithInputs(QuoteRequest request) {
        return quoteWithInputs(request, PriorityClass.STANDARD);
    }

    /** A quote as an order of {@code priority} is planned: a priority order may use the stock kept for priority orders. */
    public Future<Quoted> quoteWithInputs(QuoteRequest request, PriorityClass priority) {
        return quoteWithInputs(request, priority, Set.of());
    }

    /**
     * As {@link #quoteWithInputs(QuoteRequest, PriorityClass)}, without asking the stores of {@code excluded} (they are
     * no candidates): re-sourcing units a store picked short asks only the other stores near the address.
     */
    public Future<Quoted> quoteWithInputs(QuoteRequest request, PriorityClass priority, Set<String> excluded) {
        int maxStores = request.maxStores() != null ? request.maxStores() : config.defaultMaxStores();
        // the geo search also reads the reference data versions: the catalogue and rules below are as of then
        return registry.nearby(request.deliveryAddress(), config.radiusKm(), config.maxCandidates())
                .map(nearby -> excluded.isEmpty() ? nearby
                        : nearby.stream().filter(candidate -> !excluded.contains(candidate.store().storeId())).toList())
                .compose(candidates -> products(request).compose(products -> {
                    List<Gtin> gtins = queryGtins(request, products);
                    return catalog.lockdownRules(gtins).compose(rules -> fanOut.ask(candidates, gtins, config.deadline())
                            .compose(results -> {
                                AllocationRequest allocation = new AllocationRequest(request.lines(), candidates(results),
                                        List.copyOf(products.values()),
                                        AllocationRules.of(maxStores).withLockdown(rules.withReserveOpen(priority != PriorityClass.STANDARD)),
                                        unanswered(results));
                                return allocate(allocation, maxStores).map(plan -> new Quoted(response(plan, results), allocation,
                                        results, plan));
                            }));
                }));
    }

    /** Runs the allocator: inline when the search is small, on a worker thread when it is not. */
    public Future<Plan> allocate(AllocationRequest allocation, int maxStores) {
        if (maxStores <= INLINE_MAX_STORES) {
            return Future.succeededFuture(Allocator.allocate(allocation));
        }
        return vertx.executeBlocking(() -> Allocator.allocate(allocation), false);
    }

    private static Set<Gtin> named(QuoteRequest request) {
        Set<Gtin> named = new LinkedHashSet<>();
        for (BasketLine line : request.lines()) {
            named.add(line.gtin());
            named.addAll(line.substitution().alternates());
        }
        return named;
    }

    private static List<UnknownProducts.Unknown> unknown(QuoteRequest request, Map<Gtin, Product> found) {
        List<UnknownProducts.Unknown> unknown = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            BasketLine line = request.lines().get(i);
            if (!found.containsKey(line.gtin())) {
                unknown.add(new UnknownProducts.Unknown(i, null, line.gtin()));
            }
            for (int j = 0; j < line.substitution().alternates().size(); j++) {
                Gtin alternate = line.substitution().alternates().get(j);
                if (!found.containsKey(alternate)) {
                    unknown.add(new UnknownProducts.Unknown(i, j, alternate));
                }
            }
        }
        return unknown;
    }

    /** Every product the basket names (lines, alternates) and the SIMILAR candidates of its SIMILAR lines. */
    private Future<Map<Gtin, Product>> products(QuoteRequest request) {
        return catalog.byGtins(List.copyOf(named(request))).compose(found -> {
            List<UnknownProducts.Unknown> unknown = unknown(request, found);
            if (!unknown.isEmpty()) {
                return Future.failedFuture(new UnknownProducts(unknown));
            }
            Map<Gtin, Product> all = new LinkedHashMap<>(found);
            List<Future<List<Product>>> similar = request.lines().stream()
                    .filter(line -> line.substitution().mode() == SubstitutionMode.SIMILAR)
                    .map(line -> catalog.similarTo(found.get(line.gtin()), SIMILAR_PER_LINE))
                    .toList();
            return Future.all(similar).map(done -> {
                for (Future<List<Product>> products : similar) {
                    products.result().forEach(p -> all.putIfAbsent(p.gtin(), p));
                }
                return all;
            });
        });
    }

    /** The GTINs to ask stores about: the lines first, then alternates, then similar products, at most one query's worth. */
    private static List<Gtin> queryGtins(QuoteRequest request, Map<Gtin, Product> products) {
        Set<Gtin> gtins = new LinkedHashSet<>();
        request.lines().forEach(line -> gtins.add(line.gtin()));
        request.lines().forEach(line -> gtins.addAll(line.substitution().alternates()));
        gtins.addAll(products.keySet());
        return gtins.stream().limit(StockQuery.MAX_GTINS).toList();
    }

    private static List<CandidateStore> candidates(List<StoreResult> results) {
        List<CandidateStore> candidates = new ArrayList<>();
        for (StoreResult result : results) {
            if (!result.hasStock()) {
                continue;
            }
            List<Offer> offers = new ArrayList<>();
            Set<Gtin> seen = new LinkedHashSet<>();
            for (StockItem item : result.answer().items()) {
                if (item.available() > 0 && Money.CNY.equals(item.unitPrice().currency()) && seen.add(item.gtin())) {
                    offers.add(new Offer(item.gtin(), item.available(), item.unitPrice()));
                }
            }
            candidates.add(new CandidateStore(result.candidate().store().storeId(), result.candidate().distanceKm(), offers));
        }
        return candidates;
    }

    /** The candidates whose stock is unknown: asked but no answer in time, or not asked to protect them or their chain. */
    private static List<String> unanswered(List<StoreResult> results) {
        return results.stream().filter(r -> switch (r.outcome()) {
            case TIMED_OUT, ERROR, CIRCUIT_OPEN, RATE_LIMITED, BULKHEAD_FULL -> true;
            case ANSWERED, CACHED, CLOSED, PAUSED -> false;
        }).map(r -> r.candidate().store().storeId()).toList();
    }

    private static QuoteResponse response(Plan plan, List<StoreResult> results) {
        List<StoreReport> reports = results.stream().map(StoreResult::report).toList();
        return new QuoteResponse("q-" + UUID.randomUUID(), plan.legs(), plan.unfilled(), plan.total(), reports);
    }
}
