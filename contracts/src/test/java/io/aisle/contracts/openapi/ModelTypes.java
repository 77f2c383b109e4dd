package io.aisle.contracts.openapi;

import io.aisle.contracts.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Java type of the canonical model a component schema describes: same simple name, in one of the model packages;
 * {@code Outer.Inner} names the record {@code Inner} nested in {@code Outer} (as {@code OpsSummary.ChainHealth}).
 */
final class ModelTypes {

    private static final List<String> PACKAGES = List.of(
            "io.aisle.contracts.api", "io.aisle.contracts.partner", "io.aisle.contracts.dispatch",
            "io.aisle.contracts.problem", "io.aisle.contracts.value");

    private static final Map<String, Class<?>> NESTED = Map.of("FieldError", Problem.FieldError.class);

    /** Schemas that only name a constraint and have no Java type of their own. */
    static final Set<String> WITHOUT_TYPE = Set.of("Id", "BasketLines");

    private ModelTypes() {
    }

    static Optional<Class<?>> forSchema(String schemaName) {
        if (NESTED.containsKey(schemaName)) {
            return Optional.of(NESTED.get(schemaName));
        }
        for (String pkg : PACKAGES) {
            try {
                return Optional.of(Class.forName(pkg + "." + schemaName.replace('.', '$')));
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return Optional.empty();
    }
}
