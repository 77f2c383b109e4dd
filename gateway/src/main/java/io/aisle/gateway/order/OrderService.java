package io.aisle.gateway.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderResponse;
import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.auth.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * Order intake with idempotency as payment APIs keep it, per client: the first request with a key
 * is processed once; a replay gets the first answer (status and body); the same key with another
 * body is refused; a request while the first is still running is told to retry.
 */
public final class OrderService {

    public static final int MAX_KEY_LENGTH = 255;

    private final OrderStore orders;
    private final OrderSaga saga;

    public OrderService(OrderStore orders, OrderSaga saga) {
        this.orders = orders;
        this.saga = saga;
    }

    /** The answer to a {@code POST /v1/orders}. */
    public record Answer(int status, JsonObject body, boolean replayed, Integer retryAfterSeconds) {

        static Answer problem(Problem problem) {
            return new Answer(problem.status(), OrderStore.json(problem), false, null);
        }
    }

    public Future<Answer> place(String clientId, String idempotencyKey, OrderRequest request) {
        String hash = ApiKeys.sha256(canonical(request));
        String orderId = "o-" + UUID.randomUUID();
        return orders.begin(clientId, idempotencyKey, hash, orderId, request).compose(begun -> {
            if (begun.created()) {
                return saga.run(orderId, clientId, request).map(outcome -> new Answer(outcome.status(), outcome.body(), false, null));
            }
            OrderStore.KeyRow first = begun.existing();
            if (!first.requestSha256().equals(hash)) {
                return Future.succeededFuture(Answer.problem(Problem.of(422, "idempotency-key-reused", "Idempotency key reused",
                        "this Idempotency-Key was first used with a different request body (order " + first.orderId() + ")")));
            }
            if (first.response() == null) {
                return Future.succeededFuture(new Answer(409, OrderStore.json(Problem.of(409, "idempotency-key-in-use",
                        "Request in progress", "the first request with this Idempotency-Key is still being processed; "
                                + "retry to get its answer")), false, 1));
            }
            return Future.succeededFuture(new Answer(first.statusCode(), first.response(), true, null));
        });
    }

    public Future<Optional<OrderResponse>> find(String orderId, String clientId) {
        return orders.find(orderId, clientId);
    }

    public Future<OrderStore.CancelOutcome> cancel(String orderId, String clientId, String reason) {
        return orders.cancel(orderId, clientId, reason);
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
