package io.aisle.gateway.order;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.outbox.OutboxHandler;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.outbox.Undeliverable;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Outbox handlers that act at a store on an order's behalf: release a hold, cancel what the store
 * has for an order. Both are idempotent at the partner, so a retry never acts twice.
 */
public final class PartnerCommands {

    public static final String HOLD_RELEASE_TOPIC = "hold.release";
    public static final String PARTNER_CANCEL_TOPIC = "partner.cancel";

    private final StoreRegistry registry;
    private final ChainAdapters adapters;
    private final Isolation isolation;
    private final Pool pg;
    private final HoldStore holds;
    private final Duration timeout;

    public PartnerCommands(StoreRegistry registry, ChainAdapters adapters, Isolation isolation, Pool pg, HoldStore holds,
                           Duration timeout) {
        this.registry = registry;
        this.adapters = adapters;
        this.isolation = isolation;
        this.pg = pg;
        this.holds = holds;
        this.timeout = timeout;
    }

    /** The outbox message that has the store release hold {@code holdId} of order {@code orderId}. */
    public static OutboxMessage releaseMessage(String orderId, String holdId, String storeId) {
        return new OutboxMessage(HOLD_RELEASE_TOPIC, orderId, "release:" + holdId,
                new JsonObject().put("orderId", orderId).put("holdId", holdId).put("storeId", storeId), orderId);
    }

    /**
     * The outbox message that has the store release hold {@code holdId} once more: the store granted it
     * after the first release reached it (the hold and its release crossed).
     */
    public static OutboxMessage releaseAgainMessage(String orderId, String holdId, String storeId) {
        return new OutboxMessage(HOLD_RELEASE_TOPIC, orderId, "release-again:" + holdId,
                new JsonObject().put("orderId", orderId).put("holdId", holdId).put("storeId", storeId), orderId);
    }

    /** The outbox message that tells store {@code storeId} order {@code orderId} is cancelled. */
    public static OutboxMessage cancelMessage(String orderId, String storeId) {
        return new OutboxMessage(PARTNER_CANCEL_TOPIC, orderId, "cancel:" + orderId + ":" + storeId,
                new JsonObject().put("orderId", orderId).put("storeId", storeId), orderId);
    }

    /** Topic {@value #HOLD_RELEASE_TOPIC}: {@code {orderId, holdId, storeId}}. */
    public OutboxHandler releaseHold() {
        return message -> atStore(message, (adapter, store) -> adapter.release(store, message.payload().getString("holdId")))
                .compose(ignored -> holds.markReleased(pg, message.payload().getString("holdId")));
    }

    /** Topic {@code picklist.submit}: {@code {storeId, pickList}}; pick lists are idempotent by id at the store. */
    public OutboxHandler submitPickList() {
        return message -> {
            io.aisle.contracts.partner.PickList pickList;
            try {
                pickList = io.aisle.contracts.Json.mapper().readValue(message.payload().getJsonObject("pickList").encode(),
                        io.aisle.contracts.partner.PickList.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
                return Future.failedFuture(new Undeliverable("unreadable pick list: " + e.getMessage()));
            }
            io.aisle.contracts.partner.PickList list = pickList;
            return atStore(message, (adapter, store) -> adapter.submitPickList(store, new io.aisle.contracts.partner.PickList(
                    list.pickListId(), store.partnerStoreId(), list.waveId(), list.readyBy(), list.lines())));
        };
    }

    /** Topic {@value #PARTNER_CANCEL_TOPIC}: {@code {orderId, storeId}}. */
    public OutboxHandler cancelOrder() {
        return message -> atStore(message, (adapter, store) -> adapter.cancel(store, message.payload().getString("orderId")));
    }

    private Future<Void> atStore(OutboxMessage message, BiFunction<ChainAdapter, StoreRef, Future<Void>> command) {
        String storeId = message.payload().getString("storeId");
        return registry.find(storeId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new Undeliverable("store " + storeId + " is no longer in the registry"));
            }
            Store store = found.get();
            return adapters.find(store.chainId()).compose(adapter -> {
                if (adapter.isEmpty()) {
                    return Future.failedFuture(new Undeliverable("chain " + store.chainId() + " has no adapter"));
                }
                StoreRef ref = new StoreRef(store.storeId(), store.chainId(), store.partnerStoreId());
                // through the store's breaker: a dead store is retried later by the relay, not hammered now
                return isolation.call(store.storeId(), store.chainId(), timeout, () -> command.apply(adapter.get(), ref))
                        .recover(failure -> failure instanceof PartnerFailure pf && pf.kind() == PartnerFailure.Kind.REJECTED
                                ? Future.failedFuture(new Undeliverable("store refused: " + pf.getMessage()))
                                : Future.failedFuture(failure));
            });
        });
    }
}
