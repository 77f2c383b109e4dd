package io.aisle.adapters.pushonly;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.aisle.adapters.dispatch.NonceStore;
import io.aisle.adapters.dispatch.RedisNonceStore;
import io.aisle.adapters.pushonly.PushRejected.Reason;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.adapters.stock.StockSnapshots;
import io.aisle.adapters.stock.StockSnapshots.PushOutcome;
import io.aisle.contracts.Json;
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
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 * Every message is checked in this order, and a failed future always carries a {@link PushRejected}:
 * <ol>
 *   <li>the {@link HmacSigner} headers sign the exact body (empty for the GET) with the chain's
 *       secret, and the timestamp is within the signer's tolerance: else UNAUTHENTICATED (401);</li>
 *   <li>the body is JSON of the documented record (else MALFORMED, 400) with valid values: GTIN
 *       check digits, no product twice in a push, {@code asOf} not ahead of the gateway's clock by
 *       more than the tolerance (else INVALID, 422);</li>
 *   <li>the nonce is new (kept in Redis for twice the tolerance, {@code SET NX PX}): else REPLAYED (409);</li>
 *   <li>the store is the chain's ({@link ChainStores}), and a pick result's pick list is the
 *       store's: else UNKNOWN (404).</li>
 * </ol>
 * Redis out of reach is UNAVAILABLE (503). A push is then applied with
 * {@link StockSnapshots#apply}: an older sequence, or a DELTA before any SNAPSHOT, is accepted and
 * ignored (reported in the {@link StockPushReceipt}); an applied SNAPSHOT reconciles the store's soft
 * holds ({@link SoftHolds#reconcile}). A ready pick result closes its pick list for pulls.
 * Messages carry the chain's store ids; what comes out carries Aisle's.
 */
public final class PushOnlyIngest {

    /** Prefix of the chains' nonce keys; the chain id follows, so two chains cannot collide. */
    public static final String NONCE_PREFIX = "aisle:nonce:chain:";

    private final CallbackSigners signers;
    private final NonceStore nonces;
    private final ChainStores stores;
    private final StockSnapshots snapshots;
    private final SoftHolds holds;
    private final PickListQueue pickLists;
    private final PushOnlySettings settings;
    private final Clock clock;

    public PushOnlyIngest(CallbackSigners signers, NonceStore nonces, ChainStores stores, StockSnapshots snapshots, SoftHolds holds,
            PickListQueue pickLists, PushOnlySettings settings, Clock clock) {
        this.signers = Checks.requireNonNull(signers, "signers");
        this.nonces = Checks.requireNonNull(nonces, "nonces");
        this.stores = Checks.requireNonNull(stores, "stores");
        this.snapshots = Checks.requireNonNull(snapshots, "snapshots");
        this.holds = Checks.requireNonNull(holds, "holds");
        this.pickLists = Checks.requireNonNull(pickLists, "pickLists");
        this.settings = Checks.requireNonNull(settings, "settings");
        this.clock = Checks.requireNonNull(clock, "clock");
    }

    /** The ingest of every push-only chain over one Redis client the caller owns (and closes). */
    public static PushOnlyIngest create(Redis redis, CallbackSigners signers, ChainStores stores, PushOnlySettings settings, Clock clock) {
        return new PushOnlyIngest(signers, new RedisNonceStore(redis, NONCE_PREFIX, settings.redisTimeout()), stores,
                new StockSnapshots(redis, clock), new SoftHolds(redis, settings, clock), new PickListQueue(redis, settings, clock), settings, clock);
    }

    /** {@code POST /partner/v1/chains/{chainId}/stock}: a StockPush (SNAPSHOT or DELTA). */
    public Future<StockPushReceipt> receiveStock(String chainId, MultiMap headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return authenticate(chainId, headers, bytes)
                .compose(signer -> parse(bytes, StockPush.class)
                        .compose(push -> validate(push, signer))
                        .compose(push -> firstUse(chainId, headers, signer).map(push)))
                .compose(push -> store(chainId, push.storeId())
                        .compose(store -> apply(chainId, store, push)));
    }

    /** {@code POST /partner/v1/chains/{chainId}/pick-results}: a PickResult of a pick list the chain pulled. */
    public Future<PickResult> receivePickResult(String chainId, MultiMap headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return authenticate(chainId, headers, bytes)
                .compose(signer -> parse(bytes, PickResult.class)
                        .compose(result -> firstUse(chainId, headers, signer).map(result)))
                .compose(result -> store(chainId, result.storeId())
                        .compose(store -> pickLists.find(store.storeId(), result.pickListId())
                                .recover(PushOnlyIngest::unavailable)
                                .compose(found -> {
                                    PickList pickList = found.orElseThrow(() -> new PushRejected(Reason.UNKNOWN,
                                            "store " + result.storeId() + " has no pick list " + result.pickListId()));
                                    requireLinesOf(pickList, result);
                                    Future<Boolean> closed = result.ready()
                                            ? pickLists.acknowledge(store.storeId(), result.pickListId()).recover(PushOnlyIngest::unavailable)
                                            : Future.succeededFuture(false);
                                    return closed.map(ignored -> new PickResult(result.pickListId(), store.storeId(), result.ready(),
                                            result.at(), result.lines()));
                                })));
    }

    /**
     * {@code POST /partner/v1/chains/{chainId}/pick-results} from a chain Aisle calls (its pick lists
     * were submitted to it, not pulled): signature, nonce and store are checked as for a push-only
     * chain, and the result names our store id; there is no pull queue to close.
     */
    public Future<PickResult> receiveSubmittedPickResult(String chainId, MultiMap headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return authenticate(chainId, headers, bytes)
                .compose(signer -> parse(bytes, PickResult.class)
                        .compose(result -> firstUse(chainId, headers, signer).map(result)))
                .compose(result -> store(chainId, result.storeId())
                        .map(store -> new PickResult(result.pickListId(), store.storeId(), result.ready(), result.at(), result.lines())));
    }

    /**
     * {@code GET /partner/v1/chains/{chainId}/stores/{storeId}/pick-lists}, signed over an empty body:
     * the store's open pick lists, oldest first (see {@link PickListQueue#pull}).
     */
    public Future<List<PickList>> pullPickLists(String chainId, String partnerStoreId, MultiMap headers) {
        return authenticate(chainId, headers, new byte[0])
                .compose(signer -> firstUse(chainId, headers, signer))
                .compose(ignored -> store(chainId, partnerStoreId))
                .compose(store -> pickLists.pull(store.storeId()).recover(PushOnlyIngest::unavailable));
    }

    private Future<HmacSigner> authenticate(String chainId, MultiMap headers, byte[] body) {
        Checks.requireNonNull(headers, "headers");
        Optional<HmacSigner> signer = chainId == null ? Optional.empty() : signers.forChain(chainId);
        if (signer.isEmpty()) {
            return Future.failedFuture(new PushRejected(Reason.UNAUTHENTICATED, "chain " + chainId + " has no callback secret here"));
        }
        Optional<String> wrong = signer.get().verify(headers.get(HmacSigner.TIMESTAMP_HEADER), headers.get(HmacSigner.NONCE_HEADER),
                headers.get(HmacSigner.SIGNATURE_HEADER), body);
        return wrong.isPresent()
                ? Future.failedFuture(new PushRejected(Reason.UNAUTHENTICATED, wrong.get()))
                : Future.succeededFuture(signer.get());
    }

    private Future<Void> firstUse(String chainId, MultiMap headers, HmacSigner signer) {
        String nonce = headers.get(HmacSigner.NONCE_HEADER);
        return nonces.firstSeen(chainId + ":" + nonce, nonceTtl(signer))
                .recover(PushOnlyIngest::unavailable)
                .compose(first -> first
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new PushRejected(Reason.REPLAYED, "nonce " + nonce + " was already used")));
    }

    private Future<StockPush> validate(StockPush push, HmacSigner signer) {
        Set<Gtin> seen = new HashSet<>();
        for (StockItem item : push.items()) {
            if (!seen.add(item.gtin())) {
                return Future.failedFuture(new PushRejected(Reason.INVALID, "product " + item.gtin() + " is listed twice"));
            }
        }
        Instant latest = clock.instant().plus(signer.tolerance());
        if (push.asOf().isAfter(latest)) {
            return Future.failedFuture(new PushRejected(Reason.INVALID, "asOf " + push.asOf() + " is in the future"));
        }
        return Future.succeededFuture(push);
    }

    private Future<StoreRef> store(String chainId, String partnerStoreId) {
        return stores.find(chainId, partnerStoreId)
                .recover(PushOnlyIngest::unavailable)
                .map(found -> found.orElseThrow(() -> new PushRejected(Reason.UNKNOWN, "chain " + chainId + " has no store " + partnerStoreId)));
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
                .recover(PushOnlyIngest::unavailable);
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
                throw new PushRejected(Reason.INVALID, "pick list " + pickList.pickListId() + " has no " + line.gtin() + " for order " + line.orderId());
            }
        }
    }

    private static <T> Future<T> parse(byte[] body, Class<T> type) {
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null) {
                return Future.failedFuture(new PushRejected(Reason.MALFORMED, "body is not a " + type.getSimpleName() + ": null"));
            }
            return Future.succeededFuture(value);
        } catch (ValueInstantiationException e) {
            // Well-formed JSON of the right shape whose values the record refuses (a GTIN check digit, a negative level).
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Future.failedFuture(new PushRejected(Reason.INVALID, "invalid " + type.getSimpleName() + ": " + firstLine(cause.getMessage()), e));
        } catch (MismatchedInputException e) {
            return Future.failedFuture(new PushRejected(Reason.MALFORMED, "body is not a " + type.getSimpleName() + ": " + firstLine(e.getOriginalMessage()), e));
        } catch (IOException | IllegalArgumentException e) {
            return Future.failedFuture(new PushRejected(Reason.MALFORMED, "body is not a " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e));
        }
    }

    private static <T> Future<T> unavailable(Throwable error) {
        return Future.failedFuture(error instanceof PushRejected rejected
                ? rejected
                : new PushRejected(Reason.UNAVAILABLE, "Redis is out of reach: " + error.getMessage(), error));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** How long a nonce is remembered: twice the signer's tolerance, the span of timestamps it accepts. */
    private static Duration nonceTtl(HmacSigner signer) {
        return signer.tolerance().multipliedBy(2);
    }
}
