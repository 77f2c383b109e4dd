package io.aisle.gateway.api;

import io.aisle.contracts.problem.Problem;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.contracts.api.StoreHealth;
import io.aisle.gateway.store.StoreHealthService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** Operators' store controls: health, pause and resume. */
final class AdminHandlers {

    static final int MAX_REASON = 500;
    private final StoreHealthService health;
    private final ProductCatalog catalog;

    AdminHandlers(StoreHealthService health, ProductCatalog catalog) {
        this.health = health;
        this.catalog = catalog;
    }

    /**
     * {@code PUT /v1/admin/products/{gtin}/rules} with {@code {"purchaseCap": n, "priceCeiling": {amount, currency}}}:
     * lockdown rules on a scarce staple (either may be null to lift it). Quotes and orders apply them at once.
     */
    void productRules(RoutingContext ctx) {
        Gtin gtin;
        try {
            gtin = Gtin.of(ctx.pathParam("gtin"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problems.invalid(e.getMessage(), "gtin"));
        }
        JsonObject body;
        try {
            body = Bodies.present(ctx) ? new JsonObject(ctx.body().asString()) : new JsonObject();
        } catch (DecodeException e) {
            throw new ProblemException(Problem.of(400, "malformed-body", "Malformed request body",
                    "the body is a JSON object {\"purchaseCap\": n, \"priceCeiling\": {\"amount\": fen, \"currency\": \"CNY\"}}"));
        }
        Integer cap = body.getValue("purchaseCap") instanceof Number n ? n.intValue() : null;
        if (body.getValue("purchaseCap") != null && (cap == null || cap < 1 || cap > 999)) {
            throw new ProblemException(Problems.invalid("purchaseCap must be a whole number within [1, 999]", "/purchaseCap"));
        }
        Long ceiling = null;
        if (body.getValue("priceCeiling") != null) {
            JsonObject price = body.getValue("priceCeiling") instanceof JsonObject o ? o : null;
            if (price == null || !(price.getValue("amount") instanceof Number amount) || amount.longValue() < 1
                    || !Money.CNY.equals(price.getString("currency"))) {
                throw new ProblemException(Problems.invalid("priceCeiling is {\"amount\": fen (positive), \"currency\": \"CNY\"}",
                        "/priceCeiling"));
            }
            ceiling = amount.longValue();
        }
        Long ceilingFen = ceiling;
        catalog.setLockdownRules(gtin, cap, ceilingFen).onSuccess(found -> {
            if (!found) {
                Problems.send(ctx, Problem.of(404, "unknown-product", "Unknown product", "no product " + gtin + " in the catalogue"));
                return;
            }
            Responses.json(ctx, 200, new JsonObject().put("gtin", gtin.value()).put("purchaseCap", cap)
                    .put("priceCeiling", ceilingFen == null ? null : new JsonObject().put("amount", ceilingFen).put("currency", Money.CNY)));
        }).onFailure(ctx::fail);
    }

    void storeHealth(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        answer(ctx, storeId, health.health(storeId));
    }

    void pause(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        String reason = reason(ctx, true);
        answer(ctx, storeId, health.pause(storeId, reason));
    }

    void resume(RoutingContext ctx) {
        String storeId = ctx.pathParam("storeId");
        reason(ctx, false);
        answer(ctx, storeId, health.resume(storeId));
    }

    private static String reason(RoutingContext ctx, boolean required) {
        String text = Bodies.present(ctx) ? ctx.body().asString() : null;
        String reason = null;
        if (text != null && !text.isBlank()) {
            try {
                reason = new JsonObject(text).getString("reason");
            } catch (DecodeException | ClassCastException e) {
                throw new ProblemException(Problem.of(400, "malformed-body", "Malformed request body",
                        "the body is a JSON object {\"reason\": \"...\"}"));
            }
        }
        if (required && (reason == null || reason.isBlank())) {
            throw new ProblemException(Problems.invalid("a pause needs a reason, e.g. {\"reason\": \"freezer broken\"}", "/reason"));
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw new ProblemException(Problems.invalid("reason allows at most " + MAX_REASON + " characters", "/reason"));
        }
        return reason;
    }

    private static void answer(RoutingContext ctx, String storeId, Future<Optional<StoreHealth>> result) {
        result.onSuccess(found -> {
            if (found.isEmpty()) {
                Problems.send(ctx, Problem.of(404, "unknown-store", "Unknown store", "no store " + storeId));
            } else {
                Responses.json(ctx, 200, found.get());
            }
        }).onFailure(ctx::fail);
    }
}
