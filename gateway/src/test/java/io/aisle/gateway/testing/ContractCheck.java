package io.aisle.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every answer the gateway gives a test, checked against the OpenAPI documents of contracts/: the
 * super-app API for {@code /v1/...}, {@code /health/...}, {@code /metrics} and the ops page ({@code /ops...}),
 * the partner API's callbacks for {@code /partner/...}, the rider dispatch API's events for {@code /dispatch/...}.
 * An answer passes when its operation declares its status (exactly, as {@code 4XX}, or {@code default}), its
 * content type is one the response declares (with the same parameters, when the declared one names any; no body
 * when it declares none), its body matches the declared schema (each event's data for an event stream; a text
 * body, such as {@code text/plain} or {@code text/html}, has no schema but must be UTF-8 when its charset says
 * so), every declared {@code Retry-After} is there and a whole
 * number, and a problem's {@code type} is one of the document's {@code x-problem-types} with that
 * status. A request no operation takes must get 404, or 405 with {@code Allow} naming exactly the
 * documented methods of its path (or what the gateway checks before routing: 400, 401, 403, 429,
 * 414, 431), as a problem. Anything else fails the test with what drifted.
 *
 * <p>{@link #webClient} makes a Vert.x WebClient that checks every answer from a gateway path;
 * {@link #check} checks one answer read by other means.
 */
public final class ContractCheck {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String TYPE_BASE = "https://aisle.dev/problems/";
    private static final String PUBLISHED_AT = "https://aisle.dev/contracts/openapi/";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /** What the gateway answers before it knows the operation: a bad request target or head, no key, a known key out of scope, over limit. */
    private static final Set<Integer> BEFORE_ROUTING = Set.of(400, 401, 403, 414, 429, 431);
    /** What the HTTP layer answers to a request line or head it cannot read, whatever the operation (the documents say so once). */
    private static final Set<Integer> UNREADABLE_REQUEST = Set.of(414, 431);

    private static ContractCheck loaded;

    private final Map<String, Document> documents;

    private ContractCheck(Map<String, Document> documents) {
        this.documents = documents;
    }

    /** The documents, loaded once per test JVM. */
    public static synchronized ContractCheck documents() {
        if (loaded == null) {
            loaded = load();
        }
        return loaded;
    }

    /** Whether {@code path} is one the gateway serves to the outside (and the documents describe). */
    public static boolean isGatewayPath(String path) {
        return path.startsWith("/v1/") || path.startsWith("/health/") || path.startsWith("/partner/") || path.startsWith("/dispatch/")
                || path.equals("/metrics") || path.startsWith("/metrics/") || path.equals("/ops") || path.startsWith("/ops/");
    }

    /** A WebClient whose every answer from a gateway path is checked; an answer that drifts fails its request's future. */
    public static WebClient webClient(Vertx vertx) {
        ContractCheck check = documents();
        WebClientInternal client = (WebClientInternal) WebClient.create(vertx);
        client.addInterceptor(new Handler<HttpContext<?>>() {
            @Override
            public void handle(HttpContext<?> ctx) {
                if (ctx.phase() == ClientPhase.DISPATCH_RESPONSE && ctx.response() != null) {
                    String method = ctx.request().method().name();
                    String target = ctx.request().uri();
                    String path = pathOf(target);
                    if (isGatewayPath(path)) {
                        HttpResponse<?> response = ctx.response();
                        List<String> drift = check.drift(method, path, response.statusCode(), response.headers()::get,
                                bytes(response.body()));
                        if (!drift.isEmpty()) {
                            ctx.fail(new AssertionError(describe(method, target, response.statusCode(), drift, bytes(response.body()))));
                            return;
                        }
                    }
                }
                ctx.next();
            }
        });
        return client;
    }

    /** Checks one answer; throws an AssertionError naming what drifted from the documents. */
    public void check(String method, String target, int status, Function<String, String> header, byte[] body) {
        List<String> drift = drift(method, pathOf(target), status, header, body);
        if (!drift.isEmpty()) {
            throw new AssertionError(describe(method, target, status, drift, body));
        }
    }

    /** As {@link #check}, with the headers as a MultiMap. */
    public void check(String method, String target, int status, MultiMap headers, byte[] body) {
        check(method, target, status, headers::get, body);
    }

    /** What of the answer drifts from the documents; empty when nothing does. */
    public List<String> drift(String method, String path, int status, Function<String, String> header, byte[] body) {
        Document document = documents.get(apiOf(path));
        List<String> drift = new ArrayList<>();
        Optional<Map.Entry<String, JsonObject>> pathItem = document.pathItem(normalized(path));
        JsonObject operation = pathItem.map(item -> item.getValue().getJsonObject(method.toLowerCase(Locale.ROOT))).orElse(null);
        if (operation == null || UNREADABLE_REQUEST.contains(status)) {
            unrouted(document, pathItem, method, path, status, header, body, drift);
            return drift;
        }
        String operationId = operation.getString("operationId");
        JsonObject responses = operation.getJsonObject("responses", new JsonObject());
        JsonObject declared = Optional.ofNullable(responses.getJsonObject(Integer.toString(status)))
                .or(() -> Optional.ofNullable(responses.getJsonObject(status / 100 + "XX")))
                .or(() -> Optional.ofNullable(responses.getJsonObject("default")))
                .map(document::dereference).orElse(null);
        if (declared == null) {
            drift.add(operationId + " does not declare status " + status + " (it declares " + responses.fieldNames() + ")");
            return drift;
        }
        JsonObject headers = declared.getJsonObject("headers", new JsonObject());
        for (String name : headers.fieldNames()) {
            String value = header.apply(name);
            if (name.equalsIgnoreCase("Retry-After") && (value == null || !value.matches("[0-9]{1,9}"))) {
                drift.add(operationId + " " + status + ": Retry-After is declared, got " + value);
            }
        }
        JsonObject content = declared.getJsonObject("content");
        String received = header.apply("Content-Type");
        String contentType = mediaType(received);
        if (content == null || content.isEmpty()) {
            if (body.length > 0) {
                drift.add(operationId + " " + status + " declares no body, got " + body.length + " bytes of " + contentType);
            }
            return drift;
        }
        String declaredType = declaredMediaType(content, received);
        if (declaredType == null) {
            drift.add(operationId + " " + status + " declares " + content.fieldNames() + ", got Content-Type " + received);
            return drift;
        }
        JsonObject media = content.getJsonObject(declaredType);
        if (isText(contentType)) {
            if ("utf-8".equals(parameters(received).get("charset")) && !isUtf8(body)) {
                drift.add(operationId + " " + status + ": the body is not the UTF-8 its Content-Type " + received + " says");
            }
            return drift;
        }
        if (contentType.equals(EVENT_STREAM)) {
            String itemSchema = schemaName(media.getJsonObject("x-item-schema"));
            for (String data : eventData(body)) {
                validate(document, itemSchema, data, operationId + " " + status + " event data", drift);
            }
            return drift;
        }
        Object json = validate(document, schemaName(media.getJsonObject("schema")), new String(body, StandardCharsets.UTF_8),
                operationId + " " + status, drift);
        if (contentType.equals(PROBLEM_JSON) && json instanceof JsonObject problem) {
            problemType(document, problem, status, operationId, drift);
        }
        return drift;
    }

    private void unrouted(Document document, Optional<Map.Entry<String, JsonObject>> pathItem, String method, String path, int status,
                          Function<String, String> header, byte[] body, List<String> drift) {
        String what = method + " " + path;
        if (pathItem.isPresent() && status == 405) {
            Set<String> documented = pathItem.get().getValue().fieldNames().stream().filter(METHODS::contains)
                    .map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
            String allow = header.apply("Allow");
            Set<String> allowed = allow == null ? Set.of() : java.util.Arrays.stream(allow.split(","))
                    .map(String::trim).filter(m -> !m.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
            if (!allowed.equals(documented)) {
                drift.add(what + ": 405 must name the documented methods " + documented + " in Allow, got " + allow);
            }
        } else if (pathItem.isPresent() && status != 405 && !BEFORE_ROUTING.contains(status)) {
            drift.add(what + ": no such operation (" + pathItem.get().getKey() + " takes "
                    + pathItem.get().getValue().fieldNames().stream().filter(METHODS::contains).toList() + "), so 405 was due, got " + status);
        } else if (pathItem.isEmpty() && status != 404 && !BEFORE_ROUTING.contains(status)) {
            drift.add(what + ": no operation at this path, so 404 was due, got " + status);
        }
        String contentType = mediaType(header.apply("Content-Type"));
        if (!PROBLEM_JSON.equals(contentType)) {
            drift.add(what + " " + status + ": an answer without an operation is " + PROBLEM_JSON + ", got " + contentType);
            return;
        }
        Object json = validate(document, "Problem", new String(body, StandardCharsets.UTF_8), what + " " + status, drift);
        if (json instanceof JsonObject problem) {
            problemType(document, problem, status, what, drift);
        }
    }

    private static void problemType(Document document, JsonObject problem, int status, String where, List<String> drift) {
        String type = problem.getString("type");
        String slug = type != null && type.startsWith(TYPE_BASE) ? type.substring(TYPE_BASE.length()) : null;
        Object listed = slug == null ? null : document.problemTypes().getValue(slug);
        if (listed == null) {
            drift.add(where + ": problem type " + type + " is not one of " + document.name() + "'s x-problem-types "
                    + document.problemTypes().fieldNames());
        } else if (!Integer.valueOf(status).equals(listed)) {
            drift.add(where + ": problem type " + slug + " is documented with status " + listed + ", sent with " + status);
        }
        if (!Integer.valueOf(status).equals(problem.getInteger("status"))) {
            drift.add(where + ": the problem's status " + problem.getValue("status") + " is not the answer's " + status);
        }
    }

    private static Object validate(Document document, String schema, String text, String where, List<String> drift) {
        if (schema == null) {
            drift.add(where + ": the document names no component schema for the body");
            return null;
        }
        Object json;
        try {
            String trimmed = text.strip();
            json = trimmed.startsWith("[") ? new JsonArray(trimmed) : new JsonObject(trimmed);
        } catch (DecodeException | ClassCastException e) {
            drift.add(where + ": the body is not JSON: " + abbreviate(text));
            return null;
        }
        Object checked = json;
        if ("Problem".equals(schema) && json instanceof JsonObject problem && problem.getValue("instance") instanceof String instance
                && instance.length() > 200) {
            // the schema library checks uri-reference with a regular expression that overflows the stack on long paths
            try {
                new URI(instance);
            } catch (java.net.URISyntaxException e) {
                drift.add(where + ": instance is not a uri-reference: " + e.getMessage());
            }
            checked = problem.copy().put("instance", "/");
        }
        OutputUnit result = document.repository().validator(document.baseUri() + "#/components/schemas/" + schema).validate(checked);
        if (!Boolean.TRUE.equals(result.getValid())) {
            List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
            for (OutputUnit error : errors) {
                drift.add(where + ": does not match " + schema + " at " + error.getInstanceLocation() + ": " + error.getError()
                        + " (" + error.getKeywordLocation() + ")");
            }
        }
        return json;
    }

    /** The data of each event of a (buffered) event stream. */
    private static List<String> eventData(byte[] body) {
        List<String> data = new ArrayList<>();
        for (String block : new String(body, StandardCharsets.UTF_8).split("\n\n")) {
            StringBuilder event = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("data:")) {
                    event.append(line.substring(5).strip());
                }
            }
            if (!event.isEmpty()) {
                data.add(event.toString());
            }
        }
        return data;
    }

    private static String schemaName(JsonObject schema) {
        String ref = schema == null ? null : schema.getString("$ref");
        return ref != null && ref.startsWith("#/components/schemas/") ? ref.substring("#/components/schemas/".length()) : null;
    }

    private static String apiOf(String path) {
        if (path.startsWith("/partner/")) {
            return "partner";
        }
        return path.startsWith("/dispatch/") ? "rider-dispatch" : "super-app";
    }

    private static String mediaType(String contentType) {
        return contentType == null ? null : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The key of {@code content} that an answer of Content-Type {@code received} fits: the same media type, and the
     * same parameters when the key names any ({@code text/plain; version=0.0.4; charset=utf-8}); null when none fits.
     */
    private static String declaredMediaType(JsonObject content, String received) {
        String type = mediaType(received);
        if (type == null) {
            return null;
        }
        for (String key : content.fieldNames()) {
            Map<String, String> declared = parameters(key);
            if (mediaType(key).equals(type) && (declared.isEmpty() || declared.equals(parameters(received)))) {
                return key;
            }
        }
        return null;
    }

    /** The parameters of a content type, by lower-case name, unquoted; a charset's value in lower case. */
    private static Map<String, String> parameters(String contentType) {
        Map<String, String> parameters = new java.util.TreeMap<>();
        String[] parts = contentType == null ? new String[0] : contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            String name = pair[0].strip().toLowerCase(Locale.ROOT);
            String value = pair.length < 2 ? "" : pair[1].strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!name.isEmpty()) {
                parameters.put(name, name.equals("charset") ? value.toLowerCase(Locale.ROOT) : value);
            }
        }
        return parameters;
    }

    /** Text the documents describe as a string, with no schema to check: {@code text/*} but an event stream. */
    private static boolean isText(String mediaType) {
        return mediaType.startsWith("text/") && !mediaType.equals(EVENT_STREAM);
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /**
     * The path as the gateway routes it: dot segments resolved, empty segments and a trailing slash
     * dropped, so {@code /v1/orders/../events} is {@code /v1/events} and {@code /v1/orders//cancel} is
     * {@code /v1/orders/cancel}.
     */
    static String normalized(String path) {
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static byte[] bytes(Object body) {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        if (body instanceof JsonObject || body instanceof JsonArray) {
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        return String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(String method, String target, int status, List<String> drift, byte[] body) {
        return "the answer to " + method + " " + abbreviate(target) + " (" + status + ") drifts from the OpenAPI documents:\n  "
                + String.join("\n  ", drift) + "\n  body: " + abbreviate(new String(body, StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "...";
    }

    private static ContractCheck load() {
        Vertx vertx = Vertx.vertx();
        try {
            return new ContractCheck(Map.of(
                    "super-app", Document.load(vertx, "super-app", "super-app-api.yaml", false),
                    "partner", Document.load(vertx, "partner", "partner-api.yaml", true),
                    "rider-dispatch", Document.load(vertx, "rider-dispatch", "rider-dispatch-api.yaml", true)));
        } finally {
            vertx.close().await();
        }
    }

    /** One document: its path items the gateway serves, and its component schemas resolved. */
    private record Document(String name, String baseUri, JsonObject raw, SchemaRepository repository, Map<String, JsonObject> paths) {

        static Document load(Vertx vertx, String name, String file, boolean onlyServedByTheGateway) {
            JsonObject raw;
            try (InputStream in = ContractCheck.class.getResourceAsStream("/openapi/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("/openapi/" + file + " is not on the test classpath");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
                raw = new JsonObject(map);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String baseUri = PUBLISHED_AT + file;
            OpenAPIVersion version = OpenAPIVersion.fromContract(raw);
            SchemaRepository repository = version.getRepository(vertx, baseUri).await();
            version.resolve(vertx, repository, absoluteExamples(raw.copy(), URI.create(baseUri))).await();
            Map<String, JsonObject> paths = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Object> item : raw.getJsonObject("paths", new JsonObject())) {
                JsonObject pathItem = (JsonObject) item.getValue();
                // the partner and rider documents describe both sides: the gateway serves the paths whose servers say so
                if (!onlyServedByTheGateway || pathItem.containsKey("servers")) {
                    paths.put(item.getKey(), pathItem);
                }
            }
            return new Document(name, baseUri, raw, repository, paths);
        }

        JsonObject problemTypes() {
            return raw.getJsonObject("components", new JsonObject()).getJsonObject("x-problem-types", new JsonObject());
        }

        Optional<Map.Entry<String, JsonObject>> pathItem(String path) {
            String[] actual = path.split("/", -1);
            for (Map.Entry<String, JsonObject> item : paths.entrySet()) {
                String[] expected = item.getKey().split("/", -1);
                if (expected.length != actual.length) {
                    continue;
                }
                boolean fits = true;
                for (int i = 0; i < expected.length && fits; i++) {
                    fits = expected[i].startsWith("{") ? !actual[i].isEmpty() : expected[i].equals(actual[i]);
                }
                if (fits) {
                    return Optional.of(item);
                }
            }
            return Optional.empty();
        }

        JsonObject dereference(JsonObject maybeRef) {
            String ref = maybeRef.getString("$ref");
            if (ref == null) {
                return maybeRef;
            }
            Object target = raw;
            for (String token : ref.substring(2).split("/")) {
                target = ((JsonObject) target).getValue(token.replace("~1", "/").replace("~0", "~"));
            }
            return dereference((JsonObject) target);
        }

        /** Relative {@code externalValue}s resolved against the document's address, as OpenAPI reads them. */
        private static JsonObject absoluteExamples(JsonObject node, URI base) {
            for (String key : List.copyOf(node.fieldNames())) {
                Object value = node.getValue(key);
                if ("externalValue".equals(key) && value instanceof String reference) {
                    node.put(key, base.resolve(reference).toString());
                } else if (value instanceof JsonObject object) {
                    absoluteExamples(object, base);
                } else if (value instanceof JsonArray array) {
                    for (int i = 0; i < array.size(); i++) {
                        if (array.getValue(i) instanceof JsonObject object) {
                            absoluteExamples(object, base);
                        }
                    }
                }
            }
            return node;
        }
    }
}
