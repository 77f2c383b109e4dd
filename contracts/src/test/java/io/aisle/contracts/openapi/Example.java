package io.aisle.contracts.openapi;

import io.aisle.contracts.openapi.ContractDocument.Operation;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One example file as a document references it: which operation, request or which response
 * status, which media type, and the component schema its body must match.
 *
 * @param reference the {@code externalValue} as written in the document
 * @param status    the response status key ({@code "201"}), or null for a request example
 */
record Example(
        ContractDocument document,
        Operation operation,
        String status,
        String mediaType,
        String key,
        String reference,
        Optional<String> schemaName) {

    boolean isRequest() {
        return status == null;
    }

    /** The file on disk, resolved against the document's folder the way a reader resolves it. */
    Path file() {
        return document.file().getParent().resolve(reference).normalize();
    }

    String fileName() {
        return Path.of(reference).getFileName().toString();
    }

    /** What the file name must start with: {@code <operationId>-request} or {@code <operationId>-response-<status>}. */
    String expectedNamePrefix() {
        return operation.operationId() + (isRequest() ? "-request" : "-response-" + status);
    }

    @Override
    public String toString() {
        return document.api() + "/" + fileName();
    }

    /** Every example every document references, in document order. */
    static List<Example> all() {
        List<Example> examples = new ArrayList<>();
        for (ContractDocument document : ContractDocuments.all()) {
            examples.addAll(of(document));
        }
        return examples;
    }

    static List<Example> of(ContractDocument document) {
        List<Example> examples = new ArrayList<>();
        for (Operation operation : document.operations()) {
            JsonObject body = operation.definition().getJsonObject("requestBody");
            if (body != null) {
                collect(document, operation, null, document.dereference(body), examples);
            }
            JsonObject responses = operation.definition().getJsonObject("responses", new JsonObject());
            for (String status : responses.fieldNames()) {
                collect(document, operation, status, document.dereference(responses.getJsonObject(status)), examples);
            }
        }
        return examples;
    }

    private static void collect(ContractDocument document, Operation operation, String status, JsonObject bodyOrResponse,
                                List<Example> into) {
        JsonObject content = bodyOrResponse.getJsonObject("content", new JsonObject());
        for (String mediaType : content.fieldNames()) {
            JsonObject media = content.getJsonObject(mediaType);
            JsonObject examples = media.getJsonObject("examples", new JsonObject());
            for (Map.Entry<String, Object> entry : examples) {
                String reference = ((JsonObject) entry.getValue()).getString("externalValue");
                into.add(new Example(document, operation, status, mediaType, entry.getKey(), reference,
                        ContractDocument.bodySchemaName(mediaType, media)));
            }
        }
    }
}
