package io.aisle.adapters.spi;

import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockQuery;
import io.vertx.core.Future;

/**
 * What the gateway needs from any supermarket chain, whatever protocol it speaks. One instance per
 * chain, shared by all its stores. Every method is non-blocking; a failed future always carries a
 * {@link PartnerFailure}. Implementations apply their own per-call timeout but no retries, breakers
 * or rate limits: isolation is the gateway's job.
 */
public interface ChainAdapter {

    String chainId();

    PartnerKind kind();

    /** Stock and prices of the given products at one store. Products the store does not sell are absent. */
    Future<StockAnswer> queryStock(StoreRef store, StockQuery query);

    /**
     * Sets stock aside for an order. Idempotent per hold id: asking again for the same hold returns
     * the hold already taken. Fails REJECTED when the store cannot hold every line.
     */
    Future<Hold> hold(StoreRef store, HoldRequest request);

    /** Releases a hold. Releasing an unknown, expired or already released hold succeeds. */
    Future<Void> release(StoreRef store, String holdId);

    /** Hands a pick list to the store (or makes it available for the chain to pull). Idempotent per pick list id. */
    Future<Void> submitPickList(StoreRef store, PickList pickList);

    /** Cancels whatever the store has for an order: holds and picking. Idempotent. */
    Future<Void> cancel(StoreRef store, String orderId);

    /** Frees the adapter's connections. */
    Future<Void> close();
}
