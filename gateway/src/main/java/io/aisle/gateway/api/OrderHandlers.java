package io.aisle.gateway.api;

import io.aisle.contracts.api.ChangeReason;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.order.OrderService;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code POST /v1/orders}, {@code GET /v1/orders/{orderId}}, {@code POST /v1/orders/{orderId}/cancel}. */
final class OrderHandlers {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private final OrderService orders;

    OrderHandlers(OrderService orders) {
        this.orders = orders;
    }

    void place(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        String key = idempotencyKey(ctx);
        OrderRequest request = Bodies.read(ctx, OrderRequest.class);
        orders.place(client.clientId(), key, request).onSuccess(answer -> {
            if (answer.replayed()) {
                ctx.response().putHeader("Idempotent-Replayed", "true");
            }
            if (answer.retryAfterSeconds() != null) {
                ctx.response().putHeader("Retry-After", answer.retryAfterSeconds().toString());
            }
            if (answer.status() == 201 && answer.body().getString("orderId") != null) {
                ctx.response().putHeader("Location", "/v1/orders/" + answer.body().getString("orderId"));
            }
            String type = answer.status() >= 400 ? Problem.MEDIA_TYPE : "application/json";
            ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", type).end(answer.body().encode());
        }).onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        String orderId = ctx.pathParam("orderId");
        orders.find(orderId, client.clientId()).onSuccess(found -> {
            if (found.isEmpty()) {
                Problems.send(ctx, unknown(orderId));
            } else {
                Responses.json(ctx, 200, found.get());
            }
        }).onFailure(ctx::fail);
    }

    void cancel(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        String orderId = ctx.pathParam("orderId");
        String reason = Bodies.present(ctx) ? Bodies.read(ctx, ChangeReason.class).reason() : null;
        orders.cancel(orderId, client.clientId(), reason).compose(outcome -> switch (outcome) {
            case NOT_FOUND -> {
                Problems.send(ctx, unknown(orderId));
                yield io.vertx.core.Future.<Void>succeededFuture();
            }
            case TOO_LATE -> {
                Problems.send(ctx, Problem.of(409, "too-late-to-cancel", "Too late to cancel",
                        "the rider has picked up order " + orderId));
                yield io.vertx.core.Future.<Void>succeededFuture();
            }
            case CLOSED -> {
                Problems.send(ctx, Problem.of(409, "order-closed", "Order closed", "order " + orderId + " was not placed"));
                yield io.vertx.core.Future.<Void>succeededFuture();
            }
            case CANCELLED, ALREADY_CANCELLED -> orders.find(orderId, client.clientId())
                    .onSuccess(view -> Responses.json(ctx, 200, view.orElseThrow()))
                    .mapEmpty();
        }).onFailure(ctx::fail);
    }

    private static String idempotencyKey(RoutingContext ctx) {
        String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
        String problem = null;
        if (key == null || key.isBlank()) {
            problem = "the Idempotency-Key header is required (a UUID per order attempt is a good choice)";
        } else if (key.length() > OrderService.MAX_KEY_LENGTH) {
            problem = "Idempotency-Key allows at most " + OrderService.MAX_KEY_LENGTH + " characters";
        } else if (!key.chars().allMatch(c -> c > 32 && c < 127)) {
            problem = "Idempotency-Key must be printable ASCII without spaces";
        }
        if (problem != null) {
            throw new ProblemException(Problem.of(400, "invalid-idempotency-key", "Invalid Idempotency-Key", problem)
                    .withErrors(List.of(new Problem.FieldError(IDEMPOTENCY_KEY, problem))));
        }
        return key;
    }

    private static Problem unknown(String orderId) {
        return Problem.of(404, "unknown-order", "Unknown order", "no order " + orderId + " for this client");
    }

}
