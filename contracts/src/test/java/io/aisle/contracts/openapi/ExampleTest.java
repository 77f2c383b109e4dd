package io.aisle.contracts.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aisle.contracts.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example file matches the schema of the request body or response it belongs to, and reads
 * into the Java record of that schema and writes back to the same JSON: a contract change that
 * breaks an example, or a record that drifts from its schema, fails the build.
 */
class ExampleTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    static List<Example> examples() {
        return Example.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void matchesTheSchemaOfItsRequestOrResponse(Example example) throws IOException {
        String schema = example.schemaName().orElseThrow(() -> new AssertionError(example + " belongs to a body without a component schema"));
        Object instance = Buffer.buffer(Files.readAllBytes(example.file())).toJsonValue();
        OutputUnit result = example.document().validator(schema).validate(instance);
        assertTrue(Boolean.TRUE.equals(result.getValid()),
                () -> example + " does not match schema " + schema + " of " + example.operation() + ":\n" + SchemaErrors.describe(result));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void readsIntoItsRecordAndWritesBackTheSameJson(Example example) throws IOException {
        String schema = example.schemaName().orElseThrow();
        Class<?> type = ModelTypes.forSchema(schema).orElseThrow(() -> new AssertionError("no record for schema " + schema));
        JsonNode written = MAPPER.readTree(Files.readAllBytes(example.file()));

        Object value;
        try {
            value = MAPPER.treeToValue(written, type);
        } catch (IOException e) {
            throw new AssertionError(example + " does not read into " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        JsonNode rewritten = MAPPER.valueToTree(value);

        assertContained(written, rewritten, "");
        assertEquals(value, MAPPER.treeToValue(rewritten, type), () -> example + " does not read back into an equal " + type.getSimpleName());
        OutputUnit result = example.document().validator(schema).validate(new JsonObject(MAPPER.writeValueAsString(rewritten)));
        assertTrue(Boolean.TRUE.equals(result.getValid()),
                () -> type.getSimpleName() + " writes JSON that does not match schema " + schema + ":\n" + SchemaErrors.describe(result));
    }

    @Test
    void coversEveryOperationOfEveryDocument() {
        long operations = ContractDocuments.all().stream().mapToLong(d -> d.operations().size()).sum();
        long covered = examples().stream().map(e -> e.document().api() + " " + e.operation().operationId()).distinct().count();
        assertEquals(operations, covered);
    }

    @Test
    void refusesAnOrderRequestThatBreaksTheContract() throws IOException {
        Example example = examples().stream().filter(e -> e.toString().equals("super-app/createOrder-request.json")).findFirst().orElseThrow();
        Validator validator = example.document().validator("OrderRequest");
        JsonObject valid = new JsonObject(Buffer.buffer(Files.readAllBytes(example.file())));
        assertTrue(validator.validate(valid).getValid());

        Map<String, JsonObject> broken = Map.of(
                "a quantity of 0", mutated(valid, o -> o.getJsonArray("lines").getJsonObject(0).put("quantity", 0)),
                "no customerRef", mutated(valid, o -> o.remove("customerRef")),
                "a 12-digit gtin", mutated(valid, o -> o.getJsonArray("lines").getJsonObject(0).put("gtin", "690204750011")),
                "a price-like quantity", mutated(valid, o -> o.getJsonArray("lines").getJsonObject(0).put("quantity", 1.5)),
                "ALTERNATES without alternates", mutated(valid, o -> o.getJsonArray("lines").getJsonObject(0)
                        .put("substitution", new JsonObject().put("mode", "ALTERNATES"))),
                "SIMILAR with alternates", mutated(valid, o -> o.getJsonArray("lines").getJsonObject(0)
                        .put("substitution", new JsonObject().put("mode", "SIMILAR").put("alternates", List.of("6903588100350")))),
                "an unknown priority", mutated(valid, o -> o.put("priority", "VIP")));
        broken.forEach((what, order) -> assertFalse(validator.validate(order).getValid(), "an order request with " + what + " passed"));
    }

    private static JsonObject mutated(JsonObject original, java.util.function.Consumer<JsonObject> change) {
        JsonObject copy = original.copy();
        change.accept(copy);
        return copy;
    }

    /**
     * Every member of {@code expected} is in {@code actual} with an equal value (numbers compared by
     * value). {@code actual} may have more: defaults the record fills in, such as empty lists.
     */
    private static void assertContained(JsonNode expected, JsonNode actual, String pointer) {
        String where = pointer.isEmpty() ? "/" : pointer;
        if (expected.isObject()) {
            if (!actual.isObject()) {
                fail(where + ": the record writes " + actual + " instead of an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!actual.has(field.getKey())) {
                    fail(pointer + "/" + field.getKey() + " is dropped by the record (not a record component?)");
                }
                assertContained(field.getValue(), actual.get(field.getKey()), pointer + "/" + field.getKey());
            }
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), where + ": array length");
            for (int i = 0; i < expected.size(); i++) {
                assertContained(expected.get(i), actual.get(i), pointer + "/" + i);
            }
        } else if (expected.isNumber()) {
            assertTrue(actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0,
                    () -> where + ": the record writes " + actual + " for " + expected);
        } else {
            assertEquals(expected, actual, where);
        }
    }
}
