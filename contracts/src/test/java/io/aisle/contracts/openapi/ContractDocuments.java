package io.aisle.contracts.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the three OpenAPI documents from the classpath once per test run. Vert.x is used only
 * while loading (vertx-openapi reads the OpenAPI 3.1 meta-schemas through it); the validators
 * it leaves behind work without it.
 */
final class ContractDocuments {

    /** Documents are validated as if published here; relative example references resolve against it. */
    static final String PUBLISHED_AT = "https://aisle.dev/contracts/openapi/";

    static final Map<String, String> FILES = Map.of(
            "super-app", "super-app-api.yaml",
            "partner", "partner-api.yaml",
            "rider-dispatch", "rider-dispatch-api.yaml");

    /** The OpenAPI 3.1 schema vertx-openapi validates documents against. It does not look into Schema Objects. */
    static final String OPENAPI_SCHEMA = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";
    /** The JSON Schema meta-schema that the Schema Objects of an OpenAPI 3.1 document follow. */
    static final String JSON_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static List<ContractDocument> documents;
    private static SchemaRepository metaSchemas;

    private ContractDocuments() {
    }

    static synchronized List<ContractDocument> all() {
        if (documents == null) {
            documents = load();
        }
        return documents;
    }

    static ContractDocument named(String api) {
        return all().stream().filter(d -> d.api().equals(api)).findFirst().orElseThrow();
    }

    private static List<ContractDocument> load() {
        Vertx vertx = Vertx.vertx();
        try {
            List<ContractDocument> loaded = new ArrayList<>();
            for (String api : List.of("super-app", "partner", "rider-dispatch")) {
                loaded.add(load(vertx, api, FILES.get(api)));
            }
            return List.copyOf(loaded);
        } finally {
            vertx.close().await();
        }
    }

    private static ContractDocument load(Vertx vertx, String api, String fileName) {
        Path file = classpathFile("/openapi/" + fileName);
        JsonObject raw = readYaml(file);
        String baseUri = PUBLISHED_AT + fileName;
        OpenAPIVersion version = OpenAPIVersion.fromContract(raw);
        if (version != OpenAPIVersion.V3_1) {
            throw new IllegalStateException(fileName + " must be an OpenAPI 3.1 document, is " + version);
        }
        JsonObject published = published(raw.copy(), URI.create(baseUri));
        SchemaRepository repository = version.getRepository(vertx, baseUri).await();
        if (metaSchemas == null) {
            metaSchemas = version.getRepository(vertx, PUBLISHED_AT).await();
        }
        OutputUnit metaValidation = metaSchemas.validator(OPENAPI_SCHEMA).validate(published);
        version.resolve(vertx, repository, published).await();
        return new ContractDocument(api, file, baseUri, raw, metaValidation, repository);
    }

    /** Validates a JSON Schema (a component schema of a document) against the JSON Schema 2020-12 meta-schema. */
    static OutputUnit validateSchema(JsonObject schema) {
        all();
        return metaSchemas.validator(JSON_SCHEMA_2020_12).validate(schema);
    }

    /** Validates any document (as if published beside the others) against the OpenAPI 3.1 schema. */
    static OutputUnit validateAgainstMetaSchema(JsonObject document) {
        all();
        return metaSchemas.validator(OPENAPI_SCHEMA)
                .validate(published(document.copy(), URI.create(PUBLISHED_AT + "document.yaml")));
    }

    static JsonObject readYaml(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
            return new JsonObject(map);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Path classpathFile(String resource) {
        URL url = ContractDocuments.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The document as a reader fetching it from its published address sees it: relative
     * {@code externalValue} references resolved against that address (the meta-schema asks for
     * absolute URIs there; OpenAPI resolves relative ones against the document's base URI).
     */
    private static JsonObject published(JsonObject node, URI base) {
        for (String key : List.copyOf(node.fieldNames())) {
            Object value = node.getValue(key);
            if ("externalValue".equals(key) && value instanceof String reference) {
                node.put(key, base.resolve(reference).toString());
            } else if (value instanceof JsonObject object) {
                published(object, base);
            } else if (value instanceof JsonArray array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.getValue(i) instanceof JsonObject object) {
                        published(object, base);
                    }
                }
            }
        }
        return node;
    }
}
