package io.aisle.gateway.api;

import io.aisle.contracts.problem.Problem;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.api.ChangeReason;
import io.aisle.contracts.api.ProductRules;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.contracts.api.StoreHealth;
import io.aisle.gateway.store.StoreHealthService;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** Operators' store controls: health, pause and resume. */
final class AdminHandlers {

    private final StoreHealthService health;
    private final ProductCatalog catalog;

    AdminHandlers(StoreHealthService health, ProductCatalog catalog) {
        this.health = health;
        this.catalog = catalog;
    }

    /**
     * {@code PUT /v1/admin/products/{gtin}/rules} with {@code {"purchaseCap": n, "priceCeiling": {amount, currency},
     * "householdCap": {units, windowHours}, "priorityReserve": {share}}}: lockdown rules on a scarce staple (any may be null to lift it). Quotes and
     * orders apply them at once.
     */
    void productRules(RoutingContext ctx) {
        Gtin gtin;
        try {
            gtin = Gtin.of(ctx.pathParam("gtin"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problems.invalid(e.getMessage(), "gtin"));
        }
        Bodies.requireJson(ctx);
        ProductRules rules = Bodies.present(ctx) ? Bodies.read(ctx, ProductRules.class) : new ProductRules(null, null, null);
        Long ceiling = rules.priceCeiling() == null ? null : rules.priceCeiling().amount();
        catalog.setLockdownRules(gtin, rules.purchaseCap(), ceiling, rules.householdCap(), rules.priorityReserve()).onSuccess(found -> {
            if (!found) {
                Problems.send(ctx, Problem.of(404, "not-found", "Unknown product", "no product " + gtin + " in the catalogue"));
            } else {
                Responses.json(ctx, 200, new ProductRules(gtin, rules.purchaseCap(), rules.priceCeiling(), rules.householdCap(),
                        rules.priorityReserve()));
            }
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

    /** The body of a pause or resume: {@code {"reason": "..."}}, the reason optional to a resume. */
    record OptionalReason(String reason) {
        OptionalReason {
            Checks.requireAtMost(reason, "reason", ChangeReason.MAX_LENGTH);
        }
    }

    private static String reason(RoutingContext ctx, boolean required) {
        Bodies.requireJson(ctx);
        String reason = null;
        if (Bodies.present(ctx) && !ctx.body().asString().isBlank()) {
            reason = Bodies.read(ctx, OptionalReason.class).reason();
        }
        if (required && (reason == null || reason.isBlank())) {
            throw new ProblemException(Problems.invalid("a pause needs a reason, e.g. {\"reason\": \"freezer broken\"}", "/reason"));
        }
        return reason;
    }

    private static void answer(RoutingContext ctx, String storeId, Future<Optional<StoreHealth>> result) {
        result.onSuccess(found -> {
            if (found.isEmpty()) {
                Problems.send(ctx, Problem.of(404, "not-found", "Unknown store", "no store " + storeId));
            } else {
                Responses.json(ctx, 200, found.get());
            }
        }).onFailure(ctx::fail);
    }
}
