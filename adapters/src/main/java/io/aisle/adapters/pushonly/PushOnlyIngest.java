package io.aisle.adapters.pushonly;

import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.callback.CallbackSigners;
import io.aisle.adapters.callback.PartnerCallbacks;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.adapters.stock.StockSnapshots;
import io.aisle.adapters.stock.StockSnapshots.PushOutcome;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.partner.StockPushKind;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Receives what push-only chains send the gateway, free of web framework types so the gateway's
 * routes hand over the chain id (from the path), the request headers and the raw body:
 * <pre>
 * POST /partner/v1/chains/{chainId}/stock                      {@link #receiveStock}       202
 * POST /partner/v1/chains/{chainId}/pick-results               {@link #receivePickResult}  202
 * GET  /partner/v1/chains/{chainId}/stores/{storeId}/pick-lists {@link #pullPickLists}     200 {"pickLists": [...]}
 * </pre>
 * Every message is checked as {@link PartnerCallbacks} checks a chain's callback (signature over the
 * exact body, empty for the GET; body; nonce; store), and a failed future always carries a
 * {@link CallbackRejected}. Beside those checks, a push's values must hold (no product twice,
 * {@code asOf} not ahead of the gateway's clock by more than the tolerance: else INVALID, 422) and a
 * pick result's pick list must be the store's (else UNKNOWN, 404).
 * Redis out of reach is UNAVAILABLE (503). A push is then applied with
 * {@link StockSnapshots#apply}: an older sequence, or a DELTA before any SNAPSHOT, is accepted and
 * ignored (reported in the {@link StockPushReceipt}); an applied SNAPSHOT reconciles the store's soft
 * holds ({@link SoftHolds#reconcile}). A ready pick result closes its pick list for pulls.
 * Messages carry the chain's store ids; what comes out carries Aisle's.
 */
public final class PushOnlyIngest {

    private final PartnerCallbacks callbacks;
    private final StockSnapshots snapshots;
    private final SoftHolds holds;
    private final PickListQueue pickLists;
    private final PushOnlySettings settings;
    private final Clock clock;

    public PushOnlyIngest(PartnerCallbacks callbacks, StockSnapshots snapshots, SoftHolds holds, PickListQueue pickLists,
                          PushOnlySettings settings, Clock clock) {
        this.callbacks = Checks.requireNonNull(callbacks, "callbacks");
        this.snapshots = Checks.requireNonNull(snapshots, "snapshots");
        this.holds = Checks.requireNonNull(holds, "holds");
        this.pickLists = Checks.requireNonNull(pickLists, "pickLists");
        this.settings = Checks.requireNonNull(settings, "settings");
        this.clock = Checks.requireNonNull(clock, "clock");
    }

    /** The ingest of every push-only chain over one Redis client the caller owns (and closes). */
    public static PushOnlyIngest create(Redis redis, CallbackSigners signers, ChainStores stores, PushOnlySettings settings, Clock clock) {
        return create(redis, PartnerCallbacks.create(redis, signers, stores, settings.redisTimeout()), settings, clock);
    }

    /** The ingest of every push-only chain, checking their callbacks with {@code callbacks}. */
    public static PushOnlyIngest create(Redis redis, PartnerCallbacks callbacks, PushOnlySettings settings, Clock clock) {
        return new PushOnlyIngest(callbacks, new StockSnapshots(redis, clock), new SoftHolds(redis, settings, clock),
                new PickListQueue(redis, settings, clock), settings, clock);
    }

    /** {@code POST /partner/v1/chains/{chainId}/stock}: a StockPush (SNAPSHOT or DELTA). */
    public Future<StockPushReceipt> receiveStock(String chainId, MultiMap headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return callbacks.authenticate(chainId, headers, bytes)
                .compose(signer -> PartnerCallbacks.parse(bytes, StockPush.class)
                        .compose(push -> validate(push, signer))
                        .compose(push -> callbacks.firstUse(chainId, headers, signer).map(push)))
                .compose(push -> callbacks.store(chainId, push.storeId())
                        .compose(store -> apply(chainId, store, push)));
    }

    /** {@code POST /partner/v1/chains/{chainId}/pick-results}: a PickResult of a pick list the chain pulled. */
    public Future<PickResult> receivePickResult(String chainId, MultiMap headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return callbacks.authenticate(chainId, headers, bytes)
                .compose(signer -> PartnerCallbacks.parse(bytes, PickResult.class)
                        .compose(result -> callbacks.firstUse(chainId, headers, signer).map(result)))
                .compose(result -> callbacks.store(chainId, result.storeId())
                        .compose(store -> pickLists.find(store.storeId(), result.pickListId())
                                .recover(PartnerCallbacks::unavailable)
                                .compose(found -> {
                                    PickList pickList = found.orElseThrow(() -> new CallbackRejected(Reason.UNKNOWN,
                                            "store " + result.storeId() + " has no pick list " + result.pickListId()));
                                    requireLinesOf(pickList, result);
                                    Future<Boolean> closed = result.ready()
                                            ? pickLists.acknowledge(store.storeId(), result.pickListId()).recover(PartnerCallbacks::unavailable)
                                            : Future.succeededFuture(false);
                                    return closed.map(ignored -> new PickResult(result.pickListId(), store.storeId(), result.ready(),
                                            result.at(), result.lines()));
                                })));
    }

    /**
     * {@code GET /partner/v1/chains/{chainId}/stores/{storeId}/pick-lists}, signed over an empty body:
     * the store's open pick lists, oldest first (see {@link PickListQueue#pull}).
     */
    public Future<List<PickList>> pullPickLists(String chainId, String partnerStoreId, MultiMap headers) {
        return callbacks.authenticate(chainId, headers, new byte[0])
                .compose(signer -> callbacks.firstUse(chainId, headers, signer))
                .compose(ignored -> callbacks.store(chainId, partnerStoreId))
                .compose(store -> pickLists.pull(store.storeId()).recover(PartnerCallbacks::unavailable));
    }

    private Future<StockPush> validate(StockPush push, HmacSigner signer) {
        Set<Gtin> seen = new HashSet<>();
        for (StockItem item : push.items()) {
            if (!seen.add(item.gtin())) {
                return Future.failedFuture(new CallbackRejected(Reason.INVALID, "product " + item.gtin() + " is listed twice"));
            }
        }
        Instant latest = clock.instant().plus(signer.tolerance());
        if (push.asOf().isAfter(latest)) {
            return Future.failedFuture(new CallbackRejected(Reason.INVALID, "asOf " + push.asOf() + " is in the future"));
        }
        return Future.succeededFuture(push);
    }

    private Future<StockPushReceipt> apply(String chainId, StoreRef store, StockPush push) {
        StockPush ours = new StockPush(store.storeId(), push.sequence(), push.kind(), push.asOf(), push.items());
        return snapshots.apply(ours, settings.snapshotRetention())
                .timeout(settings.redisTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .compose(outcome -> outcome == PushOutcome.APPLIED && push.kind() == StockPushKind.SNAPSHOT
                        ? holds.reconcile(store.storeId(), push.asOf()).map(reconciliation ->
                                new StockPushReceipt(chainId, store.storeId(), push.sequence(), push.kind(), outcome, reconciliation))
                        : Future.succeededFuture(new StockPushReceipt(chainId, store.storeId(), push.sequence(), push.kind(), outcome,
                                Reconciliation.none(store.storeId()))))
                .recover(PartnerCallbacks::unavailable);
    }

    /** Every line of a result names an order and product of the pick list. */
    private static void requireLinesOf(PickList pickList, PickResult result) {
        Set<String> expected = new HashSet<>();
        for (PickLine line : pickList.lines()) {
            for (OrderSplit split : line.orders()) {
                expected.add(split.orderId() + "/" + line.gtin());
            }
        }
        for (PickResultLine line : result.lines()) {
            if (!expected.contains(line.orderId() + "/" + line.gtin())) {
                throw new CallbackRejected(Reason.INVALID, "pick list " + pickList.pickListId() + " has no " + line.gtin() + " for order " + line.orderId());
            }
        }
    }
}
