package io.aisle.gateway.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderResponse;
import io.aisle.gateway.auth.ApiKeys;
import io.aisle.gateway.order.IdempotencyKeyStore.FirstUse;
import io.aisle.gateway.order.model.UnknownOrder;
import io.aisle.gateway.observability.LogContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Order intake with idempotency as payment APIs keep it, per client: the first request with a key
 * is processed once; a replay gets the first answer (status and body); the same key with another
 * body is refused; a request while the first is still running is told to retry.
 */
public final class OrderService {

    public static final int MAX_KEY_LENGTH = 255;

    private final Pool pg;
    private final OrderStore orders;
    private final OrderChanges changes;
    private final OrderSaga saga;

    public OrderService(Pool pg, OrderStore orders, OrderChanges changes, OrderSaga saga) {
        this.pg = pg;
        this.orders = orders;
        this.changes = changes;
        this.saga = saga;
    }

    /** The answer to a {@code POST /v1/orders}: the order's first answer, or its replay. */
    public record Answer(int status, JsonObject body, boolean replayed) {
    }

    /**
     * Places the order, or answers a replay of its key with the first answer. Fails with an
     * {@link IdempotencyKeyConflict} when the key cannot be answered so, and with {@link
     * io.aisle.gateway.order.model.StoresLostToLoad} when it cannot be decided now (nothing is stored:
     * the same key may be used again). A replay is recognised when the order would be stored, after
     * its quote.
     */
    public Future<Answer> place(String clientId, String idempotencyKey, OrderRequest request) {
        String hash = ApiKeys.sha256(canonical(request));
        String orderId = "o-" + UUID.randomUUID();
        LogContext.put(LogContext.ORDER_ID, orderId);
        return saga.place(orderId, clientId, idempotencyKey, hash, request).compose(placed -> {
            if (placed.firstUse() == null) {
                return Future.succeededFuture(new Answer(placed.outcome().status(), placed.outcome().body(), false));
            }
            FirstUse used = placed.firstUse();
            if (!used.requestSha256().equals(hash)) {
                return Future.failedFuture(new IdempotencyKeyConflict.Reused(used.orderId()));
            }
            if (used.response() == null) {
                return Future.failedFuture(new IdempotencyKeyConflict.InUse());
            }
            return Future.succeededFuture(new Answer(used.statusCode(), used.response(), true));
        });
    }

    /** The order as its client sees it; fails with {@link UnknownOrder} when the client has no such order. */
    public Future<OrderResponse> get(String orderId, String clientId) {
        LogContext.put(LogContext.ORDER_ID, orderId);
        return orders.find(pg, orderId, clientId).compose(found -> found.isPresent()
                ? Future.succeededFuture(found.get()) : Future.failedFuture(new UnknownOrder(orderId)));
    }

    /**
     * Cancels the client's order (a cancelled order stays as it is) and yields it as it is now; fails
     * as {@link OrderChanges#cancel} does when it may not be cancelled.
     */
    public Future<OrderResponse> cancel(String orderId, String clientId, String reason) {
        return changes.cancel(orderId, clientId, reason).compose(decision -> get(orderId, clientId));
    }

    /** The request as the canonical model writes it: equal requests hash equally whatever their whitespace or key order. */
    static String canonical(OrderRequest request) {
        try {
            return Json.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an order request always serialises", e);
        }
    }
}
