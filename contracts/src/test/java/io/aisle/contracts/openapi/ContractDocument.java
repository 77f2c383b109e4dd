package io.aisle.contracts.openapi;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One OpenAPI document of contracts/, loaded as written ({@link #raw}), checked against the
 * OpenAPI 3.1 meta-schema ({@link #metaValidation}) and resolved into a schema repository from
 * which validators for its component schemas are made.
 */
final class ContractDocument {

    static final String COMPONENT_SCHEMA = "#/components/schemas/";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String EVENT_STREAM = "text/event-stream";
    /** Where a {@code text/event-stream} media type names the schema of each event's data (OpenAPI 3.2 calls it itemSchema). */
    static final String ITEM_SCHEMA = "x-item-schema";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final String api;
    private final Path file;
    private final String baseUri;
    private final JsonObject raw;
    private final OutputUnit metaValidation;
    private final SchemaRepository repository;

    ContractDocument(String api, Path file, String baseUri, JsonObject raw, OutputUnit metaValidation, SchemaRepository repository) {
        this.api = api;
        this.file = file;
        this.baseUri = baseUri;
        this.raw = raw;
        this.metaValidation = metaValidation;
        this.repository = repository;
    }

    /** The name of the examples folder of this document: super-app, partner, rider-dispatch. */
    String api() {
        return api;
    }

    Path file() {
        return file;
    }

    String baseUri() {
        return baseUri;
    }

    JsonObject raw() {
        return raw;
    }

    OutputUnit metaValidation() {
        return metaValidation;
    }

    /** The folder holding this document's example files. */
    Path examplesFolder() {
        return file.getParent().resolveSibling("examples").resolve(api);
    }

    JsonObject componentSchemas() {
        return raw.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
    }

    /** A validator for one of the document's component schemas, with every $ref resolved. */
    Validator validator(String schemaName) {
        return repository.validator(baseUri + COMPONENT_SCHEMA + schemaName);
    }

    /** Every operation: those under paths and those under webhooks. */
    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        collect(raw.getJsonObject("paths", new JsonObject()), false, operations);
        collect(raw.getJsonObject("webhooks", new JsonObject()), true, operations);
        return operations;
    }

    private static void collect(JsonObject pathItems, boolean webhook, List<Operation> into) {
        for (Map.Entry<String, Object> item : pathItems) {
            JsonObject pathItem = (JsonObject) item.getValue();
            for (String method : pathItem.fieldNames()) {
                if (METHODS.contains(method)) {
                    into.add(new Operation(method.toUpperCase(), item.getKey(), webhook, pathItem.getJsonObject(method)));
                }
            }
        }
    }

    /** Follows a local {@code $ref} to a response or request body; answers the object itself when it is not a reference. */
    JsonObject dereference(JsonObject maybeRef) {
        String ref = maybeRef.getString("$ref");
        if (ref == null) {
            return maybeRef;
        }
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException(api + ": only local references are used, got " + ref);
        }
        Object target = raw;
        for (String token : ref.substring(2).split("/")) {
            target = ((JsonObject) target).getValue(token.replace("~1", "/").replace("~0", "~"));
        }
        return dereference((JsonObject) target);
    }

    /**
     * Whether a media type (as a content key, parameters and all) is text the documents describe as a string, not
     * JSON: {@code text/*} but an event stream, whose events carry JSON.
     */
    static boolean isText(String mediaType) {
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/") && !type.equals(EVENT_STREAM);
    }

    /** The component schema name a media type's body refers to ({@code x-item-schema} for an event stream). */
    static Optional<String> bodySchemaName(String mediaType, JsonObject media) {
        JsonObject schema = EVENT_STREAM.equals(mediaType) ? media.getJsonObject(ITEM_SCHEMA) : media.getJsonObject("schema");
        if (schema == null) {
            return Optional.empty();
        }
        String ref = schema.getString("$ref");
        if (ref == null || !ref.startsWith(COMPONENT_SCHEMA)) {
            return Optional.empty();
        }
        return Optional.of(ref.substring(COMPONENT_SCHEMA.length()));
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }

    /** An operation of the document. {@code path} is the webhook's name for a webhook. */
    record Operation(String method, String path, boolean webhook, JsonObject definition) {

        String operationId() {
            return definition.getString("operationId");
        }

        @Override
        public String toString() {
            return (webhook ? "webhook " : "") + method + " " + path + " (" + operationId() + ")";
        }
    }
}
