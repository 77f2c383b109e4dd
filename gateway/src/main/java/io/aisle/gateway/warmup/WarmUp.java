package io.aisle.gateway.warmup;

import io.aisle.contracts.Json;
import io.aisle.contracts.api.BasketLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.QuoteRequest;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.quote.QuoteService;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a starting instance ready to serve at speed before readiness says so: opens every
 * PostgreSQL and Redis connection of its pools, loads the reference data (catalogue, rules, stores)
 * into memory, and quotes baskets at the addresses of registered stores through the real fan-out,
 * so the code is compiled and the partners' connections are open when the first real quote comes.
 * The warm-up quotes respect every chain's quota and bulkhead, and teach the breakers nothing: a
 * cold instance's slow first calls are not the stores' fault. Bounded by a time budget; never fails
 * (what it could not warm, the first requests will).
 */
public final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final int CONCURRENT_QUOTES = 4;
    private static final int BASKET_PRODUCTS = 20;

    private final Vertx vertx;
    private final Pool pg;
    private final int pgConnections;
    private final Redis redis;
    private final int redisConnections;
    private final ReferenceVersions versions;
    private final StoreRegistry registry;
    private final ProductCatalog catalog;
    private final QuoteService quotes;
    private final Isolation isolation;
    private final Duration budget;
    private final int quoteCount;
    private final AtomicInteger quoted = new AtomicInteger();
    private volatile String step = "not started";

    public WarmUp(Vertx vertx, Pool pg, int pgConnections, Redis redis, int redisConnections, ReferenceVersions versions,
                  StoreRegistry registry, ProductCatalog catalog, QuoteService quotes, Isolation isolation, Duration budget,
                  int quoteCount) {
        this.vertx = vertx;
        this.pg = pg;
        this.pgConnections = pgConnections;
        this.redis = redis;
        this.redisConnections = redisConnections;
        this.versions = versions;
        this.registry = registry;
        this.catalog = catalog;
        this.quotes = quotes;
        this.isolation = isolation;
        this.budget = budget;
        this.quoteCount = quoteCount;
    }

    /** What the warm-up is doing now, for readiness. */
    public String progress() {
        return step;
    }

    /** Warms up; completes (never fails) when done or when the budget is spent. */
    public Future<Void> run() {
        long started = System.nanoTime();
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, budget.toMillis()), id -> {
            if (done.tryComplete()) {
                LOG.info("warm-up stopped after its budget of {} ms ({}, {} warm-up quote(s))", budget.toMillis(), step, quoted.get());
            }
        });
        isolation.warmingUp(true);
        pools()
                .compose(ignored -> referenceData())
                .compose(ignored -> quotes())
                .onComplete(outcome -> {
                    if (outcome.failed()) {
                        LOG.warn("warm-up ended early: {}", outcome.cause().toString());
                    }
                    vertx.cancelTimer(timer);
                    if (done.tryComplete()) {
                        LOG.info("warmed up in {} ms: pools filled, reference data loaded, {} warm-up quote(s)",
                                (System.nanoTime() - started) / 1_000_000, quoted.get());
                    }
                });
        return done.future().onComplete(ignored -> {
            isolation.warmingUp(false);
            step = "done";
        });
    }

    private Future<Void> pools() {
        step = "opening " + pgConnections + " PostgreSQL and " + redisConnections + " Redis connections";
        List<Future<?>> opened = new ArrayList<>();
        for (int i = 0; i < pgConnections; i++) {
            opened.add(pg.query("select 1").execute());
        }
        for (int i = 0; i < redisConnections; i++) {
            opened.add(redis.send(Request.cmd(Command.PING)));
        }
        return Future.join(opened).<Void>mapEmpty().recover(failure -> Future.succeededFuture());
    }

    private Future<Void> referenceData() {
        step = "loading the catalogue and the store registry";
        return versions.read().compose(ignored -> Future.join(catalog.byGtins(List.of()), registry.byIds(List.of()))).mapEmpty();
    }

    private Future<Void> quotes() {
        return Future.all(registry.stores(), catalog.search("", BASKET_PRODUCTS)).compose(found -> {
            List<Store> stores = found.resultAt(0);
            List<Product> products = found.resultAt(1);
            if (stores.isEmpty() || products.isEmpty() || quoteCount == 0) {
                return Future.succeededFuture();
            }
            List<QuoteRequest> baskets = new ArrayList<>();
            int stride = Math.max(1, stores.size() / quoteCount);
            for (int i = 0; i < quoteCount; i++) {
                Store at = stores.get((i * stride) % stores.size());
                List<BasketLine> lines = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    Product product = products.get((i + j * 7) % products.size());
                    if (lines.stream().noneMatch(l -> l.gtin().equals(product.gtin()))) {
                        lines.add(new BasketLine(product.gtin(), 1 + j, j == 2 ? new Substitution(SubstitutionMode.SIMILAR, List.of()) : Substitution.NONE));
                    }
                }
                baskets.add(new QuoteRequest(at.location(), lines, null));
            }
            step = "quoting " + baskets.size() + " baskets at registered stores";
            AtomicInteger next = new AtomicInteger();
            List<Future<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < CONCURRENT_QUOTES; lane++) {
                lanes.add(quoteFrom(baskets, next));
            }
            return Future.join(lanes).mapEmpty();
        });
    }

    /** Quotes the baskets one after the other, taking the next not yet taken by another lane. */
    private Future<Void> quoteFrom(List<QuoteRequest> baskets, AtomicInteger next) {
        int index = next.getAndIncrement();
        if (index >= baskets.size() || "done".equals(step)) {
            return Future.succeededFuture();
        }
        return quotes.quote(baskets.get(index))
                .map(response -> {
                    try {
                        Json.mapper().writeValueAsString(response);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                    quoted.incrementAndGet();
                    return (Void) null;
                })
                .recover(failure -> Future.succeededFuture())
                .compose(ignored -> quoteFrom(baskets, next));
    }
}
