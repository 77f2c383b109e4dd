package io.aisle.adapters.pushonly;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.partner.StockPushKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A push-only chain played by a test: it signs its messages with the chain's secret and hands them to
 * {@link PushOnlyIngest} exactly as the gateway's routes would (chain id, headers, body bytes).
 * Sequences grow per store. Prices are fixed per product.
 */
public final class ScriptedChain {

    private final String chainId;
    private final HmacSigner signer;
    private final PushOnlyIngest ingest;
    private final Clock clock;
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();

    public ScriptedChain(String chainId, String secret, PushOnlyIngest ingest, Clock clock) {
        this.chainId = chainId;
        this.signer = new HmacSigner(secret, clock, HmacSigner.DEFAULT_TOLERANCE);
        this.ingest = ingest;
        this.clock = clock;
    }

    public PushOnlyIngest ingest() {
        return ingest;
    }

    public static Money priceOf(Gtin gtin) {
        return Money.fen(100 + Long.parseLong(gtin.value().substring(9, 12)) * 10);
    }

    /** Pushes a SNAPSHOT of these levels (the products the store sells), as of now. */
    public StockPushReceipt snapshot(String storeId, Map<Gtin, Integer> levels) {
        return send(push(storeId, StockPushKind.SNAPSHOT, levels));
    }

    /** Pushes a DELTA with these absolute levels, as of now. */
    public StockPushReceipt delta(String storeId, Map<Gtin, Integer> levels) {
        return send(push(storeId, StockPushKind.DELTA, levels));
    }

    /** Sends this push, signed, as it is. */
    public StockPushReceipt send(StockPush push) {
        byte[] body = json(push);
        return await(ingest.receiveStock(chainId, signed(body), body));
    }

    /** A push with the store's next sequence. */
    public StockPush push(String storeId, StockPushKind kind, Map<Gtin, Integer> levels) {
        long sequence = sequences.merge(storeId, 1L, Long::sum);
        List<StockItem> items = new ArrayList<>();
        levels.forEach((gtin, units) -> items.add(new StockItem(gtin, units, priceOf(gtin))));
        return new StockPush(storeId, sequence, kind, clock.instant(), items);
    }

    /** Pulls the store's open pick lists with a signed GET. */
    public List<PickList> pull(String storeId) {
        return await(ingest.pullPickLists(chainId, storeId, signed(new byte[0])));
    }

    /** Reports picking progress, signed. */
    public PickResult report(PickResult result) {
        byte[] body = json(result);
        return await(ingest.receivePickResult(chainId, signed(body), body));
    }

    /** The three signature headers of {@code body}, fresh. */
    public MultiMap signed(byte[] body) {
        return headers(signer.sign(body));
    }

    public static MultiMap headers(HmacSigner.Signature signature) {
        return MultiMap.caseInsensitiveMultiMap()
                .add(HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                .add(HmacSigner.NONCE_HEADER, signature.nonce())
                .add(HmacSigner.SIGNATURE_HEADER, signature.signature());
    }

    public static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within 10 s", e);
        }
    }
}
