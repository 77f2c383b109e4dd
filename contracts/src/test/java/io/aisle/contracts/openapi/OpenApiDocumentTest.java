package io.aisle.contracts.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.aisle.contracts.openapi.ContractDocument.Operation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The three OpenAPI documents are valid OpenAPI 3.1, complete in their examples, and in step with the Java model. */
class OpenApiDocumentTest {

    static List<ContractDocument> documents() {
        return ContractDocuments.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void isAValidOpenApi31Document(ContractDocument document) {
        assertEquals("3.1.0", document.raw().getString("openapi"));
        OutputUnit result = document.metaValidation();
        assertTrue(Boolean.TRUE.equals(result.getValid()),
                () -> document + " does not match the OpenAPI 3.1 schema:\n" + SchemaErrors.describe(result));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void definesEveryComponentSchemaAsValidJsonSchema(ContractDocument document) {
        JsonObject schemas = document.componentSchemas();
        List<String> invalid = new ArrayList<>();
        for (String name : schemas.fieldNames()) {
            OutputUnit result = ContractDocuments.validateSchema(schemas.getJsonObject(name));
            if (!Boolean.TRUE.equals(result.getValid())) {
                invalid.add(name + ":\n" + SchemaErrors.describe(result));
            }
        }
        assertEquals(List.of(), invalid, "component schemas of " + document + " that are not JSON Schema 2020-12");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void givesEveryOperationAUniqueOperationId(ContractDocument document) {
        Set<String> seen = new HashSet<>();
        for (Operation operation : document.operations()) {
            String id = operation.operationId();
            assertTrue(id != null && !id.isBlank(), () -> operation + " has no operationId");
            assertTrue(seen.add(id), () -> "operationId " + id + " is used twice in " + document);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void hasAtLeastOneExampleForEveryOperation(ContractDocument document) {
        Set<String> withExamples = Example.of(document).stream().map(e -> e.operation().operationId()).collect(Collectors.toSet());
        List<String> without = document.operations().stream().map(Operation::operationId)
                .filter(id -> !withExamples.contains(id)).toList();
        assertEquals(List.of(), without, "operations of " + document + " without any example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void hasARequestExampleForEveryRequestBody(ContractDocument document) {
        Set<String> withRequestExamples = Example.of(document).stream().filter(Example::isRequest)
                .map(e -> e.operation().operationId()).collect(Collectors.toSet());
        List<String> without = document.operations().stream()
                .filter(o -> o.definition().containsKey("requestBody"))
                .map(Operation::operationId)
                .filter(id -> !withRequestExamples.contains(id)).toList();
        assertEquals(List.of(), without, "operations of " + document + " whose request body has no example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void namesEveryExampleFileAfterItsOperationAndStatus(ContractDocument document) {
        for (Example example : Example.of(document)) {
            String expected = example.expectedNamePrefix();
            String name = example.fileName();
            assertTrue(name.equals(expected + ".json") || (name.startsWith(expected + "-") && name.endsWith(".json")),
                    () -> example.operation() + " refers to " + name + ", which should be named " + expected + "[-variant].json");
            assertEquals(document.examplesFolder(), example.file().getParent(),
                    () -> example + " should live in the examples folder of " + document);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void refersOnlyToExampleFilesThatExist(ContractDocument document) {
        List<String> missing = Example.of(document).stream().filter(e -> !Files.isRegularFile(e.file()))
                .map(Example::toString).toList();
        assertEquals(List.of(), missing, "example files " + document + " refers to that do not exist");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void refersToEveryExampleFileOfItsFolder(ContractDocument document) throws IOException {
        Set<Path> referenced = Example.of(document).stream().map(Example::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(document.examplesFolder())) {
            List<String> orphans = files.filter(f -> !referenced.contains(f.normalize()))
                    .map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(), orphans, "example files no operation of " + document + " refers to");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void keepsExamplesOnlyInOperations(ContractDocument document) {
        long everywhere = countExternalValues(document.raw());
        assertEquals(Example.of(document).size(), everywhere,
                "examples outside an operation's request body or response (e.g. in components/responses) of " + document);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void answersEveryErrorWithAProblem(ContractDocument document) {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : document.operations()) {
            JsonObject responses = operation.definition().getJsonObject("responses", new JsonObject());
            for (String status : responses.fieldNames()) {
                if (!(status.startsWith("4") || status.startsWith("5"))) {
                    continue;
                }
                JsonObject content = document.dereference(responses.getJsonObject(status)).getJsonObject("content", new JsonObject());
                boolean problem = content.fieldNames().equals(Set.of(ContractDocument.PROBLEM_JSON))
                        && "Problem".equals(ContractDocument.bodySchemaName(ContractDocument.PROBLEM_JSON,
                        content.getJsonObject(ContractDocument.PROBLEM_JSON)).orElse(null));
                if (!problem) {
                    wrong.add(operation + " " + status);
                }
            }
        }
        assertEquals(List.of(), wrong, "error responses that are not application/problem+json with schema Problem");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void listsTheTypeOfEveryProblemExampleWithItsStatus(ContractDocument document) throws java.io.IOException {
        JsonObject types = document.raw().getJsonObject("components").getJsonObject("x-problem-types", new JsonObject());
        assertFalse(types.isEmpty(), document + " lists no x-problem-types");
        List<String> wrong = new ArrayList<>();
        for (Example example : Example.of(document)) {
            if (!ContractDocument.PROBLEM_JSON.equals(example.mediaType())) {
                continue;
            }
            JsonObject problem = new JsonObject(io.vertx.core.buffer.Buffer.buffer(java.nio.file.Files.readAllBytes(example.file())));
            String slug = problem.getString("type", "").replace("https://aisle.dev/problems/", "");
            if (!Integer.valueOf(problem.getInteger("status", 0)).equals(types.getValue(slug))) {
                wrong.add(example.fileName() + ": " + slug + " " + problem.getValue("status") + " (listed: " + types.getValue(slug) + ")");
            }
        }
        assertEquals(List.of(), wrong, "problem examples whose type and status are not in x-problem-types of " + document);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void describesEveryBodyWithAComponentSchemaOfTheJavaModel(ContractDocument document) {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : document.operations()) {
            List<JsonObject> bodies = new ArrayList<>();
            if (operation.definition().containsKey("requestBody")) {
                bodies.add(document.dereference(operation.definition().getJsonObject("requestBody")));
            }
            JsonObject responses = operation.definition().getJsonObject("responses", new JsonObject());
            responses.fieldNames().forEach(status -> bodies.add(document.dereference(responses.getJsonObject(status))));
            for (JsonObject body : bodies) {
                JsonObject content = body.getJsonObject("content", new JsonObject());
                for (String mediaType : content.fieldNames()) {
                    if (ContractDocument.isText(mediaType)) {
                        // a text body (metrics, the ops page's files) has no record: it is a string, and names no schema
                        JsonObject schema = content.getJsonObject(mediaType).getJsonObject("schema", new JsonObject());
                        if (!"string".equals(schema.getString("type")) || schema.containsKey("$ref")) {
                            wrong.add(operation + " " + mediaType + ": a text body's schema is {type: string}");
                        }
                        continue;
                    }
                    var name = ContractDocument.bodySchemaName(mediaType, content.getJsonObject(mediaType));
                    if (name.isEmpty()) {
                        wrong.add(operation + " " + mediaType + ": not a $ref to a component schema");
                    } else if (ModelTypes.forSchema(name.get()).filter(Class::isRecord).isEmpty()) {
                        wrong.add(operation + " " + mediaType + ": schema " + name.get() + " has no record in the Java model");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void namesExactlyTheFieldsAndConstantsOfTheJavaModel(ContractDocument document) {
        List<String> drift = new ArrayList<>();
        JsonObject schemas = document.componentSchemas();
        for (String name : new TreeSet<>(schemas.fieldNames())) {
            JsonObject schema = schemas.getJsonObject(name);
            var type = ModelTypes.forSchema(name);
            if (type.isEmpty()) {
                if (!ModelTypes.WITHOUT_TYPE.contains(name)) {
                    drift.add(name + ": no Java type of that name in the model packages");
                }
                continue;
            }
            Class<?> javaType = type.get();
            if (schema.containsKey("enum")) {
                Set<String> constants = javaType.isEnum()
                        ? Arrays.stream(javaType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.toCollection(LinkedHashSet::new))
                        : Set.of();
                Set<String> documented = schema.getJsonArray("enum").stream().map(String::valueOf)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                if (!documented.equals(constants)) {
                    drift.add(name + ": enum " + documented + " but Java has " + constants);
                }
            } else if ("object".equals(schema.getString("type"))) {
                if (!javaType.isRecord()) {
                    drift.add(name + ": " + javaType.getName() + " is not a record");
                    continue;
                }
                Set<String> components = Arrays.stream(javaType.getRecordComponents()).map(RecordComponent::getName)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> properties = new TreeSet<>(schema.getJsonObject("properties", new JsonObject()).fieldNames());
                // a deprecated property is one the record still reads (a parameter of its JSON creator) but no longer has
                for (String property : List.copyOf(properties)) {
                    JsonObject documented = schema.getJsonObject("properties").getJsonObject(property);
                    if (documented != null && documented.getBoolean("deprecated", false) && !components.contains(property)) {
                        if (!jsonCreatorReads(javaType, property)) {
                            drift.add(name + ": deprecated " + property + " is read by no @JsonCreator of " + javaType.getSimpleName());
                        }
                        properties.remove(property);
                    }
                }
                if (!properties.equals(components)) {
                    drift.add(name + ": properties " + properties + " but record components " + components);
                }
                JsonArray required = schema.getJsonArray("required", new JsonArray());
                for (Object field : required) {
                    if (!properties.contains(String.valueOf(field))) {
                        drift.add(name + ": requires " + field + ", which it does not define");
                    }
                }
            }
        }
        assertEquals(List.of(), drift, "drift between " + document + " and the Java model");
    }

    /** Whether a static {@code @JsonCreator} of {@code type} takes a parameter named {@code property} in JSON. */
    private static boolean jsonCreatorReads(Class<?> type, String property) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isStatic(m.getModifiers())
                        && m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class))
                .flatMap(m -> Arrays.stream(m.getParameters()))
                .map(p -> p.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class))
                .anyMatch(annotation -> annotation != null && annotation.value().equals(property));
    }

    @Test
    void definesEverySharedSchemaIdenticallyInEveryDocument() {
        Map<String, JsonObject> first = new HashMap<>();
        Map<String, String> firstIn = new HashMap<>();
        List<String> different = new ArrayList<>();
        for (ContractDocument document : documents()) {
            JsonObject schemas = document.componentSchemas();
            for (String name : schemas.fieldNames()) {
                JsonObject schema = schemas.getJsonObject(name);
                JsonObject earlier = first.putIfAbsent(name, schema);
                firstIn.putIfAbsent(name, document.toString());
                if (earlier != null && !earlier.equals(schema)) {
                    different.add(name + " differs between " + firstIn.get(name) + " and " + document);
                }
            }
        }
        assertEquals(List.of(), different);
        assertFalse(first.isEmpty());
    }

    @Test
    void refusesADocumentThatBreaksTheOpenApiSchema() {
        JsonObject broken = ContractDocuments.named("rider-dispatch").raw().copy();
        broken.getJsonObject("paths").getJsonObject("/v1/trips/{tripId}").getJsonObject("get")
                .getJsonObject("responses").getJsonObject("200").remove("description");
        OutputUnit result = ContractDocuments.validateAgainstMetaSchema(broken);
        if (Boolean.TRUE.equals(result.getValid())) {
            fail("a response without description passed the OpenAPI 3.1 schema");
        }
    }

    @Test
    void refusesAComponentSchemaThatIsNotJsonSchema() {
        JsonObject broken = ContractDocuments.named("rider-dispatch").raw().copy();
        JsonObject parcel = broken.getJsonObject("components").getJsonObject("schemas").getJsonObject("Parcel").put("type", "parcel");
        OutputUnit result = ContractDocuments.validateSchema(parcel);
        if (Boolean.TRUE.equals(result.getValid())) {
            fail("a schema of type 'parcel' passed the JSON Schema meta-schema");
        }
    }

    private static long countExternalValues(Object node) {
        if (node instanceof JsonObject object) {
            long here = object.containsKey("externalValue") ? 1 : 0;
            return here + object.stream().mapToLong(e -> countExternalValues(e.getValue())).sum();
        }
        if (node instanceof JsonArray array) {
            return array.stream().mapToLong(OpenApiDocumentTest::countExternalValues).sum();
        }
        return 0;
    }
}
