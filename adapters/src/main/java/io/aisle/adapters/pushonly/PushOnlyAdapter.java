package io.aisle.adapters.pushonly;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.PartnerFailure.Kind;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/**
 * The adapter of a chain that cannot answer queries: it pushes stock (see {@link PushOnlyIngest}) and
 * pulls its pick lists. No call ever goes to the chain; everything is answered from Redis:
 * <ul>
 *   <li>{@link #queryStock}: the store's latest pushed snapshot, net of soft holds. No snapshot, or
 *       one older than {@link PushOnlySettings#staleAfter()}: UNAVAILABLE, saying which.</li>
 *   <li>{@link #hold}: a soft hold, atomic in Redis with expiry ({@link SoftHolds}); REJECTED when a
 *       line does not fit, idempotent per hold id (REJECTED when the id was taken for another order
 *       or other lines).</li>
 *   <li>{@link #release}: idempotent.</li>
 *   <li>{@link #submitPickList}: queued for the chain to pull ({@link PickListQueue}), idempotent per
 *       pick list id; UNAVAILABLE when the store's queue is full because the chain is not pulling.</li>
 *   <li>{@link #cancel}: releases the order's soft holds and withdraws it from pick lists the chain
 *       has not pulled yet.</li>
 *   <li>{@link #pendingPickLists} / {@link #acknowledge}: what serves the chain's
 *       {@code GET /partner/v1/chains/{chainId}/stores/{storeId}/pick-lists}.</li>
 * </ul>
 * A store the chain does not have (by the injected {@link ChainStores}) is REJECTED. Redis trouble is
 * UNAVAILABLE. Every failure is a {@link PartnerFailure}.
 */
public final class PushOnlyAdapter implements ChainAdapter {

    private final String chainId;
    private final ChainStores stores;
    private final SoftHolds holds;
    private final PickListQueue pickLists;
    private final PushOnlySettings settings;
    private final Clock clock;

    public PushOnlyAdapter(String chainId, ChainStores stores, SoftHolds holds, PickListQueue pickLists, PushOnlySettings settings, Clock clock) {
        this.chainId = Checks.requireText(chainId, "chainId");
        this.stores = Checks.requireNonNull(stores, "stores");
        this.holds = Checks.requireNonNull(holds, "holds");
        this.pickLists = Checks.requireNonNull(pickLists, "pickLists");
        this.settings = Checks.requireNonNull(settings, "settings");
        this.clock = Checks.requireNonNull(clock, "clock");
    }

    /** The adapter of one push-only chain over a Redis client the caller owns (and closes). */
    public static PushOnlyAdapter create(String chainId, Redis redis, ChainStores stores, PushOnlySettings settings, Clock clock) {
        return new PushOnlyAdapter(chainId, stores, new SoftHolds(redis, settings, clock), new PickListQueue(redis, settings, clock), settings, clock);
    }

    /** The adapter of the push-only chain {@code endpoint} describes (its base URL and pool bounds are not used). */
    public static PushOnlyAdapter create(ChainEndpoint endpoint, Redis redis, ChainStores stores, PushOnlySettings settings, Clock clock) {
        if (endpoint.kind() != PartnerKind.PUSH_ONLY) {
            throw new IllegalArgumentException("chain " + endpoint.chainId() + " speaks " + endpoint.kind() + ", not push-only");
        }
        return create(endpoint.chainId(), redis, stores, settings, clock);
    }

    @Override
    public String chainId() {
        return chainId;
    }

    @Override
    public PartnerKind kind() {
        return PartnerKind.PUSH_ONLY;
    }

    @Override
    public Future<StockAnswer> queryStock(StoreRef store, StockQuery query) {
        return known(store)
                .compose(ignored -> holds.stock(store.storeId(), query.gtins()))
                .map(view -> {
                    Instant asOf = view.asOf().orElseThrow(() -> failure(Kind.UNAVAILABLE, store,
                            "chain " + chainId + " has pushed no stock snapshot for this store (or none within the last "
                                    + settings.snapshotRetention() + ")"));
                    // Snapshots keep asOf to the millisecond.
                    Instant oldest = clock.instant().minus(settings.staleAfter()).truncatedTo(ChronoUnit.MILLIS);
                    if (asOf.isBefore(oldest)) {
                        throw failure(Kind.UNAVAILABLE, store, "the latest stock snapshot is from " + asOf
                                + ", older than " + settings.staleAfter() + ": the chain stopped pushing");
                    }
                    List<StockItem> items = query.gtins().stream().distinct().map(view.items()::get).filter(item -> item != null).toList();
                    return new StockAnswer(store.storeId(), asOf, items);
                })
                .recover(failures(store));
    }

    @Override
    public Future<Hold> hold(StoreRef store, HoldRequest request) {
        Instant now = clock.instant();
        return known(store)
                .compose(ignored -> holds.hold(store.storeId(), request, now.minus(settings.staleAfter())))
                .map(outcome -> switch (outcome.result()) {
                    case CREATED -> outcome.hold();
                    case EXISTING -> {
                        Hold existing = outcome.hold();
                        if (!existing.orderId().equals(request.orderId()) || !existing.lines().equals(request.lines())) {
                            throw failure(Kind.REJECTED, store, "hold " + request.holdId() + " was already taken for order "
                                    + existing.orderId() + " with other lines");
                        }
                        yield existing;
                    }
                    case SHORT -> throw failure(Kind.REJECTED, store, "out of stock: " + outcome.detail());
                    case INVALID -> throw failure(Kind.REJECTED, store, outcome.detail());
                    case NO_SNAPSHOT -> throw failure(Kind.UNAVAILABLE, store, "no stock snapshot to hold against");
                    case STALE -> throw failure(Kind.UNAVAILABLE, store, outcome.detail() + ", older than " + settings.staleAfter());
                })
                .recover(failures(store));
    }

    @Override
    public Future<Void> release(StoreRef store, String holdId) {
        return holds.release(store.storeId(), holdId).<Void>mapEmpty().recover(failures(store));
    }

    @Override
    public Future<Void> submitPickList(StoreRef store, PickList pickList) {
        if (!pickList.storeId().equals(store.storeId())) {
            return Future.failedFuture(failure(Kind.REJECTED, store, "pick list " + pickList.pickListId() + " is for store " + pickList.storeId()));
        }
        return known(store)
                .compose(ignored -> pickLists.submit(store.storeId(), pickList))
                .map(submitted -> {
                    if (submitted == PickListQueue.Submitted.FULL) {
                        throw failure(Kind.UNAVAILABLE, store, "the store has " + settings.maxOpenPickLists()
                                + " open pick lists: chain " + chainId + " is not pulling them");
                    }
                    return (Void) null;
                })
                .recover(failures(store));
    }

    @Override
    public Future<Void> cancel(StoreRef store, String orderId) {
        return Future.all(holds.releaseOrder(store.storeId(), orderId), pickLists.withdrawOrder(store.storeId(), orderId))
                .<Void>mapEmpty()
                .recover(failures(store));
    }

    /**
     * The store's open pick lists, oldest first, for the chain's pull. Pulling is recorded: from then
     * on the chain has the stock set aside and a cancellation no longer withdraws these lists.
     */
    public Future<List<PickList>> pendingPickLists(StoreRef store) {
        return pickLists.pull(store.storeId()).recover(failures(store));
    }

    /** The chain reported the pick list ready: it leaves the pulls. True when it was open until now. */
    public Future<Boolean> acknowledge(StoreRef store, String pickListId) {
        return pickLists.acknowledge(store.storeId(), pickListId).recover(failures(store));
    }

    /** The store's live soft holds, oldest first (for operators and tests). */
    public Future<List<Hold>> openHolds(StoreRef store) {
        return holds.openHolds(store.storeId()).recover(failures(store));
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    private Future<StoreRef> known(StoreRef store) {
        if (!chainId.equals(store.chainId())) {
            return Future.failedFuture(failure(Kind.REJECTED, store, "store " + store.storeId() + " is of chain " + store.chainId() + ", not " + chainId));
        }
        return stores.find(chainId, store.partnerStoreId()).map(found -> found
                .filter(ref -> ref.storeId().equals(store.storeId()))
                .orElseThrow(() -> failure(Kind.REJECTED, store, "chain " + chainId + " has no store " + store.partnerStoreId())));
    }

    private static <T> Function<Throwable, Future<T>> failures(StoreRef store) {
        return error -> Future.failedFuture(error instanceof PartnerFailure failure
                ? failure
                : failure(Kind.UNAVAILABLE, store, "push-only state in Redis is out of reach: " + error, error));
    }

    private static PartnerFailure failure(Kind kind, StoreRef store, String detail) {
        return new PartnerFailure(kind, store, detail);
    }

    private static PartnerFailure failure(Kind kind, StoreRef store, String detail, Throwable cause) {
        return new PartnerFailure(kind, store, detail, cause);
    }
}
