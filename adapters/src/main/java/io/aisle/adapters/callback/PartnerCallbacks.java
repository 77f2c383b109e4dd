package io.aisle.adapters.callback;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.callback.CallbackVerifier.SignatureHeaders;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.adapters.spi.ChainStores;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The signed callbacks of supermarket chains, whatever their kind: each chain signs with its own
 * secret ({@link CallbackSigners}), its nonces are kept apart from other chains', and its messages
 * name stores by the chain's own ids ({@link ChainStores}). A chain's message is checked in this
 * order, and a failed future always carries a {@link CallbackRejected}:
 * <ol>
 *   <li>the signature and timestamp ({@link CallbackVerifier#authenticate}): else UNAUTHENTICATED (401);</li>
 *   <li>the body is JSON of the documented record (else MALFORMED, 400) with valid values (else INVALID, 422);</li>
 *   <li>the nonce is new ({@link CallbackVerifier#spendNonce}): else REPLAYED (409);</li>
 *   <li>the store is the chain's: else UNKNOWN (404).</li>
 * </ol>
 * Redis out of reach is UNAVAILABLE (503). The steps are public for the push-only ingest, which adds
 * its own between them; {@link #receivePickResult} is the whole check of a pick result from a chain
 * Aisle submits its pick lists to.
 */
public final class PartnerCallbacks {

    /** Prefix of the chains' nonce keys; the chain id follows, so two chains cannot collide. */
    public static final String NONCE_PREFIX = "aisle:nonce:chain:";

    private final CallbackSigners signers;
    private final CallbackVerifier verifier;
    private final ChainStores stores;

    public PartnerCallbacks(CallbackSigners signers, NonceStore nonces, ChainStores stores) {
        this.signers = Checks.requireNonNull(signers, "signers");
        this.verifier = new CallbackVerifier(nonces);
        this.stores = Checks.requireNonNull(stores, "stores");
    }

    /** The callbacks of every chain, their nonces in Redis (a client the caller owns and closes), each command bounded by {@code redisTimeout}. */
    public static PartnerCallbacks create(Redis redis, CallbackSigners signers, ChainStores stores, Duration redisTimeout) {
        return new PartnerCallbacks(signers, new RedisNonceStore(redis, NONCE_PREFIX, redisTimeout), stores);
    }

    /**
     * {@code POST /partner/v1/chains/{chainId}/pick-results} from a chain Aisle calls (its pick lists
     * were submitted to it, not pulled): signature, nonce and store are checked, and the result names
     * our store id.
     */
    public Future<PickResult> receivePickResult(String chainId, MultiMap headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return authenticate(chainId, headers, bytes)
                .compose(signer -> parse(bytes, PickResult.class)
                        .compose(result -> firstUse(chainId, headers, signer).map(result)))
                .compose(result -> store(chainId, result.storeId())
                        .map(store -> new PickResult(result.pickListId(), store.storeId(), result.ready(), result.at(), result.lines())));
    }

    /** The chain's signer, once the headers sign {@code body} with it. */
    public Future<HmacSigner> authenticate(String chainId, MultiMap headers, byte[] body) {
        Checks.requireNonNull(headers, "headers");
        Optional<HmacSigner> signer = chainId == null ? Optional.empty() : signers.forChain(chainId);
        if (signer.isEmpty()) {
            return Future.failedFuture(new CallbackRejected(Reason.UNAUTHENTICATED, "chain " + chainId + " has no callback secret here"));
        }
        return verifier.authenticate(signer.get(), SignatureHeaders.of(headers), body).map(signer.get());
    }

    /** The message's nonce is spent, for this chain. */
    public Future<Void> firstUse(String chainId, MultiMap headers, HmacSigner signer) {
        return verifier.spendNonce(chainId, headers.get(HmacSigner.NONCE_HEADER), signer).recover(PartnerCallbacks::unavailable);
    }

    /** The store the chain calls {@code partnerStoreId}, as Aisle knows it. */
    public Future<StoreRef> store(String chainId, String partnerStoreId) {
        return stores.find(chainId, partnerStoreId)
                .recover(PartnerCallbacks::unavailable)
                .map(found -> found.orElseThrow(() -> new CallbackRejected(Reason.UNKNOWN, "chain " + chainId + " has no store " + partnerStoreId)));
    }

    /** The body as a {@code type}: MALFORMED when it is not JSON of that shape, INVALID when the record refuses its values. */
    public static <T> Future<T> parse(byte[] body, Class<T> type) {
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null) {
                return Future.failedFuture(new CallbackRejected(Reason.MALFORMED, "body is not a " + type.getSimpleName() + ": null"));
            }
            return Future.succeededFuture(value);
        } catch (ValueInstantiationException e) {
            // Well-formed JSON of the right shape whose values the record refuses (a GTIN check digit, a negative level).
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Future.failedFuture(new CallbackRejected(Reason.INVALID, "invalid " + type.getSimpleName() + ": " + CallbackRejected.firstLine(cause.getMessage()), e));
        } catch (MismatchedInputException e) {
            return Future.failedFuture(new CallbackRejected(Reason.MALFORMED, "body is not a " + type.getSimpleName() + ": " + CallbackRejected.firstLine(e.getOriginalMessage()), e));
        } catch (IOException | IllegalArgumentException e) {
            return Future.failedFuture(new CallbackRejected(Reason.MALFORMED, "body is not a " + type.getSimpleName() + ": " + CallbackRejected.firstLine(e.getMessage()), e));
        }
    }

    /** A failure that is not already a refusal means Redis is out of reach: UNAVAILABLE. */
    public static <T> Future<T> unavailable(Throwable error) {
        return Future.failedFuture(error instanceof CallbackRejected rejected
                ? rejected
                : new CallbackRejected(Reason.UNAVAILABLE, "Redis is out of reach: " + error.getMessage(), error));
    }
}
