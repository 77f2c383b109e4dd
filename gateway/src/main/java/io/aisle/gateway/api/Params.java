package io.aisle.gateway.api;

import io.aisle.contracts.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Query parameters, read strictly: a missing or malformed parameter is a 400 problem naming it. */
final class Params {

    private Params() {
    }

    static double requiredDouble(RoutingContext ctx, String name, double min, double max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            throw bad(name, "query parameter " + name + " is required");
        }
        return parse(name, raw, min, max);
    }

    static double optionalDouble(RoutingContext ctx, String name, double fallback, double min, double max) {
        String raw = ctx.queryParams().get(name);
        return raw == null || raw.isBlank() ? fallback : parse(name, raw, min, max);
    }

    static int optionalInt(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw bad(name, name + " must be within [" + min + ", " + max + "], got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(name, name + " must be a whole number, got '" + raw + "'");
        }
    }

    static String optionalText(RoutingContext ctx, String name, int maxLength) {
        String raw = ctx.queryParams().get(name);
        if (raw != null && raw.length() > maxLength) {
            throw bad(name, name + " allows at most " + maxLength + " characters");
        }
        return raw == null ? "" : raw;
    }

    private static double parse(String name, String raw, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw bad(name, name + " must be a number, got '" + raw + "'");
        }
        if (Double.isNaN(value) || value < min || value > max) {
            throw bad(name, name + " must be within [" + min + ", " + max + "], got " + raw);
        }
        return value;
    }

    private static ProblemException bad(String name, String detail) {
        return new ProblemException(Problem.of(400, "malformed-request", "Invalid query parameter", detail)
                .withErrors(List.of(new Problem.FieldError(name, detail))));
    }
}
