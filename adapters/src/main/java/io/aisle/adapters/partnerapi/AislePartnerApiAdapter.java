package io.aisle.adapters.partnerapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.http.ChainHttpClient;
import io.aisle.adapters.http.PartnerFailures;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.PartnerFailure.Kind;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Objects;

/**
 * The adapter of chains that speak the Aisle partner API (JSON over HTTP, as contracts/ documents it):
 * <pre>
 * POST   {base}/v1/stores/{storeId}/stock-queries            200 StockAnswer
 * PUT    {base}/v1/stores/{storeId}/holds/{holdId}           201 Hold (new) | 200 Hold (replay) | 409 out of stock
 * DELETE {base}/v1/stores/{storeId}/holds/{holdId}           204 (404 is as good: nothing is held)
 * PUT    {base}/v1/stores/{storeId}/pick-lists/{pickListId}  202
 * POST   {base}/v1/stores/{storeId}/orders/{orderId}/cancel  202
 * </pre>
 * Every call goes through the chain's shared {@link ChainHttpClient} (Bearer key, call timeout, bounded
 * pool) and fails only with a {@link io.aisle.adapters.spi.PartnerFailure}. Answers are checked: an
 * answer for another store or another hold is MALFORMED. The store id in answers is ours, not the
 * partner's.
 */
public final class AislePartnerApiAdapter implements ChainAdapter {

    private final ChainHttpClient http;
    private final boolean ownsClient;

    /** An adapter over a chain client shared with others; {@link #close()} leaves it open. */
    public AislePartnerApiAdapter(ChainHttpClient http) {
        this(http, false);
    }

    private AislePartnerApiAdapter(ChainHttpClient http, boolean ownsClient) {
        this.http = Objects.requireNonNull(http, "http");
        if (http.endpoint().kind() != PartnerKind.AISLE_PARTNER_API) {
            throw new IllegalArgumentException("chain " + http.chainId() + " speaks " + http.endpoint().kind() + ", not the Aisle partner API");
        }
        this.ownsClient = ownsClient;
    }

    /** An adapter with its own pool for the endpoint; {@link #close()} closes it. */
    public static AislePartnerApiAdapter create(Vertx vertx, ChainEndpoint endpoint) {
        return new AislePartnerApiAdapter(ChainHttpClient.create(vertx, endpoint), true);
    }

    @Override
    public String chainId() {
        return http.chainId();
    }

    @Override
    public PartnerKind kind() {
        return PartnerKind.AISLE_PARTNER_API;
    }

    @Override
    public Future<StockAnswer> queryStock(StoreRef store, StockQuery query) {
        return send(store, HttpMethod.POST, storePath(store) + "/stock-queries", query)
                .expecting(PartnerFailures.status(store, 200))
                .map(response -> {
                    StockAnswer answer = PartnerFailures.decode(response, StockAnswer.class, store);
                    requireSameStore(store, answer.storeId());
                    return new StockAnswer(store.storeId(), answer.asOf(), answer.items());
                })
                .recover(PartnerFailures.recover(store));
    }

    @Override
    public Future<Hold> hold(StoreRef store, HoldRequest request) {
        return send(store, HttpMethod.PUT, storePath(store) + "/holds/" + ChainHttpClient.segment(request.holdId()), request)
                .expecting(PartnerFailures.status(store, 201, 200))
                .map(response -> {
                    Hold hold = PartnerFailures.decode(response, Hold.class, store);
                    requireSameStore(store, hold.storeId());
                    if (!hold.holdId().equals(request.holdId()) || !hold.orderId().equals(request.orderId())) {
                        throw PartnerFailures.failure(Kind.MALFORMED, store,
                                "asked for hold " + request.holdId() + " of order " + request.orderId()
                                        + ", got hold " + hold.holdId() + " of order " + hold.orderId(), null);
                    }
                    return new Hold(hold.holdId(), store.storeId(), hold.orderId(), hold.status(), hold.lines(), hold.expiresAt());
                })
                .recover(PartnerFailures.recover(store));
    }

    @Override
    public Future<Void> release(StoreRef store, String holdId) {
        return send(store, HttpMethod.DELETE, storePath(store) + "/holds/" + ChainHttpClient.segment(holdId), null)
                .expecting(PartnerFailures.status(store, 204, 200, 202, 404))
                .<Void>mapEmpty()
                .recover(PartnerFailures.recover(store));
    }

    @Override
    public Future<Void> submitPickList(StoreRef store, PickList pickList) {
        return send(store, HttpMethod.PUT, storePath(store) + "/pick-lists/" + ChainHttpClient.segment(pickList.pickListId()), pickList)
                .expecting(PartnerFailures.status(store, 202, 200, 201, 204))
                .<Void>mapEmpty()
                .recover(PartnerFailures.recover(store));
    }

    @Override
    public Future<Void> cancel(StoreRef store, String orderId) {
        return send(store, HttpMethod.POST, storePath(store) + "/orders/" + ChainHttpClient.segment(orderId) + "/cancel", null)
                .expecting(PartnerFailures.status(store, 202, 200, 204))
                .<Void>mapEmpty()
                .recover(PartnerFailures.recover(store));
    }

    @Override
    public Future<Void> close() {
        return ownsClient ? http.close() : Future.succeededFuture();
    }

    private Future<HttpResponse<Buffer>> send(StoreRef store, HttpMethod method, String path, Object body) {
        HttpRequest<Buffer> request = http.request(method, path);
        if (body == null) {
            return request.send();
        }
        Buffer json;
        try {
            json = Buffer.buffer(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(PartnerFailures.failure(Kind.REJECTED, store, "cannot encode " + body.getClass().getSimpleName(), e));
        }
        return request.putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json").sendBuffer(json);
    }

    private static String storePath(StoreRef store) {
        return "/v1/stores/" + ChainHttpClient.segment(store.partnerStoreId());
    }

    private static void requireSameStore(StoreRef store, String answeredFor) {
        if (!store.partnerStoreId().equals(answeredFor)) {
            throw PartnerFailures.failure(Kind.MALFORMED, store,
                    "asked store " + store.partnerStoreId() + ", the answer is for " + answeredFor, null);
        }
    }
}
