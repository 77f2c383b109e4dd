package io.aisle.gateway.quote;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.adapters.stock.StockSnapshots;
import io.aisle.contracts.api.StoreOutcome;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.isolation.Rejection;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.store.NearbyStore;
import io.aisle.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks candidate stores for stock, all at once, and answers by the deadline whatever happens.
 * Per store: paused or closed stores are skipped; a fresh snapshot in Redis is used instead of a
 * call; otherwise the store is called through its breaker, its chain's rate limiter and bulkhead,
 * with a timeout no longer than what is left of the deadline. Every candidate gets exactly one
 * result; those still out at the deadline are TIMED_OUT.
 */
public final class StockFanOut {

    private final Vertx vertx;
    private final ChainAdapters adapters;
    private final Isolation isolation;
    private final StockSnapshots snapshots;
    private final Duration cacheTtl;
    private final Duration snapshotMaxAge;
    private final Clock clock;
    private final GatewayMetrics metrics;

    public StockFanOut(Vertx vertx, ChainAdapters adapters, Isolation isolation, StockSnapshots snapshots,
                       Duration cacheTtl, Duration snapshotMaxAge, Clock clock, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.adapters = adapters;
        this.isolation = isolation;
        this.snapshots = snapshots;
        this.cacheTtl = cacheTtl;
        this.snapshotMaxAge = snapshotMaxAge;
        this.clock = clock;
    }

    /**
     * One result per candidate, in the candidates' order; never fails, completes by {@code deadline}.
     * The snapshots of every store that may have one are read in one pipelined round trip to Redis;
     * the stores without a fresh one are then called in parallel.
     */
    public Future<List<StoreResult>> ask(List<NearbyStore> candidates, List<Gtin> gtins, Duration deadline) {
        long start = System.nanoTime();
        long deadlineNanos = start + deadline.toNanos();
        Instant now = clock.instant();
        List<Promise<StoreResult>> results = new ArrayList<>(candidates.size());
        List<NearbyStore> withSnapshot = new ArrayList<>();
        List<Promise<StoreResult>> withSnapshotResults = new ArrayList<>();
        for (NearbyStore candidate : candidates) {
            Promise<StoreResult> result = Promise.promise();
            results.add(result);
            Store store = candidate.store();
            Optional<ChainAdapter> adapter = adapters.forChain(store.chainId());
            if (store.paused()) {
                result.complete(new StoreResult(candidate, StoreOutcome.PAUSED, 0, null, store.pauseReason()));
            } else if (!store.isOpenAt(now)) {
                result.complete(new StoreResult(candidate, StoreOutcome.CLOSED, 0, null, "outside opening hours"));
            } else if (adapter.isEmpty()) {
                result.complete(new StoreResult(candidate, StoreOutcome.ERROR, 0, null,
                        "chain " + store.chainId() + " has no configured adapter"));
            } else if (adapter.get().kind() == PartnerKind.PUSH_ONLY) {
                completeWith(result, candidate, call(candidate, adapter.get(), gtins, start, deadlineNanos), start);
            } else {
                withSnapshot.add(candidate);
                withSnapshotResults.add(result);
            }
        }
        if (!withSnapshot.isEmpty()) {
            List<String> storeIds = withSnapshot.stream().map(c -> c.store().storeId()).toList();
            snapshots.readAll(storeIds, gtins, snapshotMaxAge)
                    .otherwise(failure -> storeIds.stream().map(id -> Optional.<StockAnswer>empty()).toList())
                    .onSuccess(hits -> {
                        for (int i = 0; i < withSnapshot.size(); i++) {
                            NearbyStore candidate = withSnapshot.get(i);
                            Optional<StockAnswer> hit = hits.get(i);
                            if (hit.isPresent()) {
                                withSnapshotResults.get(i).tryComplete(new StoreResult(candidate, StoreOutcome.CACHED, elapsedMs(start),
                                        hit.get(), null));
                            } else {
                                ChainAdapter adapter = adapters.forChain(candidate.store().chainId()).orElseThrow();
                                completeWith(withSnapshotResults.get(i), candidate, call(candidate, adapter, gtins, start, deadlineNanos),
                                        start);
                            }
                        }
                    });
        }
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            for (int i = 0; i < results.size(); i++) {
                results.get(i).tryComplete(new StoreResult(candidates.get(i), StoreOutcome.TIMED_OUT, elapsedMs(start), null,
                        "no answer within the " + deadline.toMillis() + " ms deadline", isolation.overloadedSince(start)));
            }
        });
        List<Future<StoreResult>> futures = results.stream().map(Promise::future).toList();
        return Future.all(futures).map(all -> {
            vertx.cancelTimer(timer);
            metrics.fanOut(System.nanoTime() - start);
            List<StoreResult> answered = futures.stream().map(Future::result).toList();
            for (StoreResult result : answered) {
                metrics.storeOutcome(result.candidate().store().chainId(), result.outcome(), result.latencyMs());
            }
            return answered;
        });
    }

    private static void completeWith(Promise<StoreResult> result, NearbyStore candidate, Future<StoreResult> outcome, long start) {
        outcome.onComplete(done -> result.tryComplete(done.succeeded()
                ? done.result()
                : new StoreResult(candidate, StoreOutcome.ERROR, elapsedMs(start), null, String.valueOf(done.cause()))));
    }

    /** Asks the store itself (a push-only store: its pushed snapshot, through its breaker only). */
    private Future<StoreResult> call(NearbyStore candidate, ChainAdapter adapter, List<Gtin> gtins, long start, long deadlineNanos) {
        Store store = candidate.store();
        boolean pushOnly = adapter.kind() == PartnerKind.PUSH_ONLY;
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMs <= 0) {
            return Future.succeededFuture(new StoreResult(candidate, StoreOutcome.TIMED_OUT, elapsedMs(start), null,
                    "deadline passed before the call", true));
        }
        Duration callTimeout = adapters.endpoint(store.chainId()).map(ChainEndpoint::callTimeout)
                .filter(t -> t.toMillis() < remainingMs).orElse(Duration.ofMillis(remainingMs));
        StoreRef ref = new StoreRef(store.storeId(), store.chainId(), store.partnerStoreId());
        StockQuery query = new StockQuery(gtins);
        Future<StockAnswer> asked;
        try {
            asked = pushOnly
                    ? isolation.read(store.storeId(), store.chainId(), () -> adapter.queryStock(ref, query))
                    : isolation.call(store.storeId(), store.chainId(), callTimeout, () -> adapter.queryStock(ref, query));
        } catch (RuntimeException e) {
            asked = Future.failedFuture(e);
        }
        return asked
                .map(answer -> {
                    if (!pushOnly) {
                        snapshots.remember(answer, gtins, cacheTtl);
                    }
                    return new StoreResult(candidate, pushOnly ? StoreOutcome.CACHED : StoreOutcome.ANSWERED,
                            elapsedMs(start), answer, null);
                })
                .recover(failure -> {
                    StoreOutcome outcome = outcomeOf(failure);
                    boolean lostToLoad = switch (outcome) {
                        case RATE_LIMITED, BULKHEAD_FULL -> true;
                        case TIMED_OUT -> isolation.overloadedSince(start);
                        default -> false;
                    };
                    return Future.succeededFuture(new StoreResult(candidate, outcome, elapsedMs(start), null, failure.getMessage(),
                            lostToLoad));
                });
    }

    static StoreOutcome outcomeOf(Throwable failure) {
        if (failure instanceof Rejection rejection) {
            return switch (rejection.reason()) {
                case CIRCUIT_OPEN -> StoreOutcome.CIRCUIT_OPEN;
                case RATE_LIMITED -> StoreOutcome.RATE_LIMITED;
                case BULKHEAD_FULL -> StoreOutcome.BULKHEAD_FULL;
            };
        }
        if (failure instanceof PartnerFailure partner) {
            return switch (partner.kind()) {
                case TIMEOUT -> StoreOutcome.TIMED_OUT;
                case RATE_LIMITED -> StoreOutcome.RATE_LIMITED;
                case REJECTED, UNAVAILABLE, MALFORMED -> StoreOutcome.ERROR;
            };
        }
        return StoreOutcome.ERROR;
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
