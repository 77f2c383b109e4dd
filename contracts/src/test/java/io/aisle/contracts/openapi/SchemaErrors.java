package io.aisle.contracts.openapi;

import io.vertx.json.schema.OutputUnit;
import java.util.List;
import java.util.stream.Collectors;

/** Readable failure messages from a schema validation result. */
final class SchemaErrors {

    private SchemaErrors() {
    }

    static String describe(OutputUnit result) {
        List<OutputUnit> errors = result.getErrors();
        if (errors == null || errors.isEmpty()) {
            return "  " + result.getError();
        }
        return errors.stream()
                .map(e -> "  " + e.getInstanceLocation() + ": " + e.getError() + " (" + e.getKeywordLocation() + ")")
                .collect(Collectors.joining("\n"));
    }
}
