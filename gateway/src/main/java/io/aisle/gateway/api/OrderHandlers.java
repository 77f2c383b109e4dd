package io.aisle.gateway.api;

import io.aisle.contracts.api.ChangeReason;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.problem.Problem;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.order.IdempotencyKeyConflict;
import io.aisle.gateway.order.OrderService;
import io.aisle.gateway.persistence.StoredJson;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** {@code POST /v1/orders}, {@code GET /v1/orders/{orderId}}, {@code POST /v1/orders/{orderId}/cancel}. */
final class OrderHandlers {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private final OrderService orders;
    private final Admission admission;

    OrderHandlers(OrderService orders, Admission admission) {
        this.orders = orders;
        this.admission = admission;
    }

    void place(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        String key = idempotencyKey(ctx);
        OrderRequest request = Bodies.read(ctx, OrderRequest.class);
        if (!client.mayUse(request.priority())) {
            // refused before anything is stored, held or counted
            Problems.send(ctx, Problem.of(403, "priority-not-allowed", "Priority class not allowed",
                    "client " + client.clientId() + " may not place " + request.priority() + " orders")
                    .withErrors(List.of(new Problem.FieldError("/priority", request.priority() + " is not allowed to this client"))));
            return;
        }
        StringBuilder refusal = new StringBuilder();
        Optional<Admission.Permit> permit = admission.tryAdmit(client.clientId(), request.priority() != PriorityClass.STANDARD,
                refusal);
        if (permit.isEmpty()) {
            Responses.shed(ctx, refusal.toString());
            return;
        }
        orders.place(client.clientId(), key, request).onComplete(done -> permit.get().release()).onSuccess(answer -> {
            if (answer.replayed()) {
                ctx.response().putHeader("Idempotent-Replayed", "true");
            }
            if (answer.status() == 201 && answer.body().getString("orderId") != null) {
                ctx.response().putHeader("Location", "/v1/orders/" + answer.body().getString("orderId"));
            }
            answer(ctx, answer.status(), answer.body());
        }).onFailure(failure -> {
            if (failure instanceof IdempotencyKeyConflict conflict) {
                // answered as the order's own answers are, problem and all
                Integer retryAfter = Problems.retryAfterSeconds(conflict);
                if (retryAfter != null) {
                    ctx.response().putHeader("Retry-After", retryAfter.toString());
                }
                Problem problem = Problems.toProblem(conflict, 0);
                answer(ctx, problem.status(), StoredJson.object(problem));
            } else {
                ctx.fail(failure);
            }
        });
    }

    void get(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        orders.get(ctx.pathParam("orderId"), client.clientId())
                .onSuccess(order -> Responses.json(ctx, 200, order))
                .onFailure(ctx::fail);
    }

    void cancel(RoutingContext ctx) {
        Client client = Authentication.clientOf(ctx);
        Bodies.requireJson(ctx);
        String reason = Bodies.present(ctx) ? Bodies.read(ctx, ChangeReason.class).reason() : null;
        orders.cancel(ctx.pathParam("orderId"), client.clientId(), reason)
                .onSuccess(order -> Responses.json(ctx, 200, order))
                .onFailure(ctx::fail);
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        String type = status >= 400 ? Problem.MEDIA_TYPE : "application/json";
        ctx.response().setStatusCode(status).putHeader("Content-Type", type).end(body.encode());
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
            throw new ProblemException(Problem.of(400, "malformed-request", "Invalid Idempotency-Key", problem)
                    .withErrors(List.of(new Problem.FieldError(IDEMPOTENCY_KEY, problem))));
        }
        return key;
    }
}
