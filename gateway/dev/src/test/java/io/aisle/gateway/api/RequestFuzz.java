package io.aisle.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.adapters.signing.HmacSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates malformed requests over every operation of the gateway: the super-app API, the admin API,
 * the partners' signed callbacks and rider dispatch's signed events. Each request starts from a valid
 * one and breaks one thing: the JSON (truncated, trailing data, broken bytes, deep nesting, invalid
 * UTF-8), a member (wrong type, huge number or string, missing, extra, NUL and control characters, a
 * GTIN with a bad check digit, coordinates out of range), the target (control characters and
 * percent-encoded bytes in path and query, ids too long, malformed escapes), the headers (content
 * type, credentials, idempotency key), the size (bodies over the limit), or the signature (missing,
 * wrong, stale, replayed). Callbacks are signed validly over their broken body most of the time, so
 * the body reaches the parser behind the signature check. The same seed gives the same requests.
 */
final class RequestFuzz {

    /** What the generator needs to know of the gateway under test. */
    record World(String clientKey, String operatorKey, List<String> gtins, Map<String, String> chainSecrets,
                 Map<String, List<String>> storesByChain, String pushOnlyChain, String riderSecret, List<String> orderIds,
                 int bodyLimitBytes) {
    }

    /** One generated request and what was broken in it. */
    record Fuzzed(String operation, String mutation, RawHttp.Request request) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LONE_SURROGATE = "__LONE_SURROGATE__";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Random random;
    private final World world;
    private final List<Operation> operations;
    private RawHttp.Request lastSigned;

    RequestFuzz(long seed, World world) {
        this.random = new Random(seed);
        this.world = world;
        this.operations = operations();
    }

    /** The names of the operations requests are generated for. */
    List<String> operationNames() {
        return operations.stream().map(Operation::name).toList();
    }

    Fuzzed next() {
        Operation op = operations.get(random.nextInt(operations.size()));
        // a replay of the last validly signed callback: its nonce was seen
        if (lastSigned != null && random.nextInt(40) == 0) {
            RawHttp.Request replay = lastSigned;
            lastSigned = null;
            return new Fuzzed("replay", "replayed-nonce", replay);
        }
        return op.generate();
    }

    // --- the operations -------------------------------------------------------------------------------

    private enum Auth { NONE, CLIENT, OPERATOR, PARTNER, RIDER }

    private record Operation(String name, String method, Function<Random, String> target, Function<Random, JsonNode> body, Auth auth,
                             String chainId, RequestFuzz fuzz) {

        Fuzzed generate() {
            return fuzz.mutate(this);
        }
    }

    private List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        ops.add(op("searchCatalog", "GET", r -> "/v1/catalog?q=" + pick(r, List.of("rice", "flour", "egg", "mask")) + "&limit=" + (1 + r.nextInt(20)),
                null, Auth.CLIENT, null));
        ops.add(op("listStores", "GET", r -> "/v1/stores?lat=30.59&lon=114.30&radiusKm=" + (1 + r.nextInt(4)), null, Auth.CLIENT, null));
        ops.add(op("createQuote", "POST", r -> "/v1/quotes", this::quoteBody, Auth.CLIENT, null));
        ops.add(op("createOrder", "POST", r -> "/v1/orders", this::orderBody, Auth.CLIENT, null));
        ops.add(op("getOrder", "GET", r -> "/v1/orders/" + orderId(r), null, Auth.CLIENT, null));
        ops.add(op("cancelOrder", "POST", r -> "/v1/orders/" + orderId(r) + "/cancel",
                r -> NODES.objectNode().put("reason", "changed my mind"), Auth.CLIENT, null));
        ops.add(op("streamOrderEvents", "GET", r -> "/v1/orders/" + orderId(r) + "/events", null, Auth.CLIENT, null));
        ops.add(op("getStoreHealth", "GET", r -> "/v1/admin/stores/" + anyStore(r) + "/health", null, Auth.OPERATOR, null));
        ops.add(op("pauseStore", "POST", r -> "/v1/admin/stores/" + anyStore(r) + "/pause",
                r -> NODES.objectNode().put("reason", "freezer broken"), Auth.OPERATOR, null));
        ops.add(op("resumeStore", "POST", r -> "/v1/admin/stores/" + anyStore(r) + "/resume", null, Auth.OPERATOR, null));
        ops.add(op("putProductRules", "PUT", r -> "/v1/admin/products/" + gtin(r) + "/rules", this::rulesBody, Auth.OPERATOR, null));
        ops.add(op("onboard", "POST", r -> "/v1/admin/onboarding", this::onboardingBody, Auth.OPERATOR, null));
        ops.add(op("listChains", "GET", r -> "/v1/admin/chains", null, Auth.OPERATOR, null));
        ops.add(op("registerChain", "POST", r -> "/v1/admin/chains", this::chainBody, Auth.OPERATOR, null));
        ops.add(op("getChain", "GET", r -> "/v1/admin/chains/" + fuzzChain(r), null, Auth.OPERATOR, null));
        ops.add(op("updateChain", "PUT", r -> "/v1/admin/chains/" + fuzzChain(r), this::chainChangeBody, Auth.OPERATOR, null));
        ops.add(op("disableChain", "POST", r -> "/v1/admin/chains/" + fuzzChain(r) + "/disable", null, Auth.OPERATOR, null));
        ops.add(op("enableChain", "POST", r -> "/v1/admin/chains/" + fuzzChain(r) + "/enable", null, Auth.OPERATOR, null));
        ops.add(op("pushStock", "POST", r -> "/partner/v1/chains/" + world.pushOnlyChain() + "/stock", this::stockBody, Auth.PARTNER,
                world.pushOnlyChain()));
        for (String chain : world.chainSecrets().keySet()) {
            ops.add(op("pushPickResult:" + chain, "POST", r -> "/partner/v1/chains/" + chain + "/pick-results",
                    r -> pickResultBody(r, chain), Auth.PARTNER, chain));
        }
        ops.add(op("pullPickLists", "GET", r -> "/partner/v1/chains/" + world.pushOnlyChain() + "/stores/"
                + pick(r, world.storesByChain().get(world.pushOnlyChain())) + "/pick-lists", null, Auth.PARTNER, world.pushOnlyChain()));
        ops.add(op("postRiderEvent", "POST", r -> "/dispatch/v1/events", this::riderEventBody, Auth.RIDER, null));
        ops.add(op("health", "GET", r -> pick(r, List.of("/health/live", "/health/ready")), null, Auth.NONE, null));
        return ops;
    }

    private Operation op(String name, String method, Function<Random, String> target, Function<Random, JsonNode> body, Auth auth,
                         String chainId) {
        return new Operation(name, method, target, body, auth, chainId, this);
    }

    // --- valid bodies -------------------------------------------------------------------------------

    private ObjectNode address(Random r) {
        return NODES.objectNode().put("lat", 30.55 + r.nextDouble() * 0.08).put("lon", 114.25 + r.nextDouble() * 0.1);
    }

    private ArrayNode lines(Random r) {
        ArrayNode lines = NODES.arrayNode();
        int n = 1 + r.nextInt(3);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String gtin = gtin(r);
            if (used.contains(gtin)) {
                continue;
            }
            used.add(gtin);
            ObjectNode line = lines.addObject().put("gtin", gtin).put("quantity", 1 + r.nextInt(3));
            switch (r.nextInt(3)) {
                case 0 -> line.putObject("substitution").put("mode", "SIMILAR");
                case 1 -> line.putObject("substitution").put("mode", "ALTERNATES").putArray("alternates").add(gtin(r));
                default -> { }
            }
        }
        return lines;
    }

    private JsonNode quoteBody(Random r) {
        ObjectNode body = NODES.objectNode();
        body.set("deliveryAddress", address(r));
        body.set("lines", lines(r));
        if (r.nextBoolean()) {
            body.put("maxStores", 1 + r.nextInt(2));
        }
        return body;
    }

    private JsonNode orderBody(Random r) {
        ObjectNode body = (ObjectNode) quoteBody(r);
        body.put("customerRef", "hh-fuzz-" + r.nextInt(1000)).put("acceptPartial", r.nextBoolean())
                .put("priority", pick(r, List.of("STANDARD", "ESSENTIAL_WORKER", "HOSPITAL")));
        if (r.nextBoolean()) {
            body.putObject("dropoff").put("contactless", true).put("instructions", "leave at the guard booth");
        }
        return body;
    }

    private JsonNode rulesBody(Random r) {
        ObjectNode body = NODES.objectNode().put("purchaseCap", 1 + r.nextInt(5));
        body.putObject("priceCeiling").put("amount", 1000 + r.nextInt(9000)).put("currency", "CNY");
        return body;
    }

    /** Chains of the fuzz's own (registered by it, or unknown), never the fleet's: disabling one hides no store of the fleet. */
    private static String fuzzChain(Random r) {
        return "fuzz-chain-" + r.nextInt(5);
    }

    private JsonNode chainBody(Random r) {
        return NODES.objectNode().put("chainId", fuzzChain(r)).put("name", "Fuzz chain").put("kind", "AISLE_PARTNER_API")
                .put("baseUrl", "http://127.0.0.1:9/fuzz-partner").put("apiKey", "fuzz-api-key").put("signingSecret", "fuzz-signing-secret-01")
                .put("rateLimitPerSecond", 1 + r.nextInt(500)).put("maxConcurrentCalls", 1 + r.nextInt(100)).put("callTimeoutMs", 250);
    }

    private JsonNode chainChangeBody(Random r) {
        ObjectNode body = NODES.objectNode().put("name", "Fuzz chain " + r.nextInt(100));
        if (r.nextBoolean()) {
            body.put("rateLimitPerSecond", 1 + r.nextInt(500));
        }
        return body;
    }

    private JsonNode onboardingBody(Random r) {
        ObjectNode body = NODES.objectNode();
        body.putArray("products").addObject().put("gtin", gtin(r)).put("name", "Fuzz Rice 5 kg bag").put("brand", "Fuzz")
                .put("category", "rice").put("sizeClass", "5kg").put("unit", "5 kg bag").put("weightGrams", 5000)
                .put("loose", false).put("zone", "A").put("aisle", "3");
        body.putArray("productCodes");
        ObjectNode store = body.putArray("stores").addObject().put("storeId", "fuzz-store-" + r.nextInt(10))
                .put("chainId", pick(r, List.copyOf(world.chainSecrets().keySet()))).put("partnerStoreId", "FZ" + r.nextInt(10))
                .put("name", "Fuzz store");
        store.set("location", address(r));
        return body;
    }

    private JsonNode stockBody(Random r) {
        ObjectNode body = NODES.objectNode().put("storeId", pick(r, world.storesByChain().get(world.pushOnlyChain())))
                .put("sequence", 1 + r.nextInt(1_000_000)).put("kind", r.nextBoolean() ? "SNAPSHOT" : "DELTA")
                .put("asOf", Instant.now().toString());
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < 1 + r.nextInt(3); i++) {
            ObjectNode item = items.addObject().put("gtin", gtin(r)).put("available", r.nextInt(50));
            item.putObject("unitPrice").put("amount", 100 + r.nextInt(5000)).put("currency", "CNY");
        }
        return body;
    }

    private JsonNode pickResultBody(Random r, String chain) {
        ObjectNode body = NODES.objectNode().put("pickListId", "pl-fuzz-" + r.nextInt(100))
                .put("storeId", pick(r, world.storesByChain().get(chain))).put("ready", r.nextBoolean()).put("at", Instant.now().toString());
        ArrayNode lines = body.putArray("lines");
        lines.addObject().put("orderId", orderId(r)).put("gtin", gtin(r)).put("status", "PICKED").put("requested", 2).put("picked", 2);
        ObjectNode sub = lines.addObject().put("orderId", orderId(r)).put("gtin", gtin(r)).put("status", "SUBSTITUTED")
                .put("requested", 1).put("picked", 0).put("substituteGtin", gtin(r)).put("substituteQuantity", 1);
        sub.putObject("substituteUnitPrice").put("amount", 990).put("currency", "CNY");
        return body;
    }

    private JsonNode riderEventBody(Random r) {
        ObjectNode body = NODES.objectNode().put("eventId", "rev-fuzz-" + r.nextInt(1_000_000)).put("tripId", "trip-fuzz-" + r.nextInt(100))
                .put("type", pick(r, List.of("ASSIGNED", "PICKED_UP", "DELIVERED", "FAILED", "CANCELLED"))).put("at", Instant.now().toString());
        if (r.nextBoolean()) {
            body.put("riderId", "rider-" + r.nextInt(1000));
        }
        return body;
    }

    // --- breaking one thing -------------------------------------------------------------------------

    private static final String[] BODY_MUTATIONS = {
        "truncated", "trailing-text", "trailing-document", "flipped-byte", "wrong-type", "huge-number", "huge-string",
        "deep-nesting", "missing-member", "extra-member", "bad-gtin", "coordinates-out-of-range", "nul-in-string",
        "control-chars-in-string", "invalid-utf8", "empty-body", "json-null", "json-array", "json-scalar", "duplicate-member",
        "lone-surrogate", "negative-number", "zero", "fraction-for-integer", "long-array", "oversized-body"};
    private static final String[] TARGET_MUTATIONS = {
        "nul-in-path", "control-in-path", "percent-ff-in-path", "overlong-utf8-in-path", "malformed-escape", "dot-segments",
        "very-long-id", "unicode-id", "empty-segment", "query-nul", "query-not-a-number", "query-huge", "query-nan",
        "query-repeated", "wrong-method"};
    private static final String[] HEADER_MUTATIONS = {
        "wrong-content-type", "xml-content-type", "no-content-type", "no-credentials", "wrong-credentials", "other-scheme",
        "no-idempotency-key", "long-idempotency-key", "idempotency-key-with-space"};
    private static final String[] SIGNATURE_MUTATIONS = {
        "no-signature", "wrong-signature", "stale-timestamp", "future-timestamp", "timestamp-not-a-number", "signature-not-hex",
        "other-scheme-signature", "huge-nonce", "signed-other-body", "other-chains-secret"};

    private Fuzzed mutate(Operation op) {
        Random r = random;
        String target = op.target().apply(r);
        JsonNode valid = op.body() == null ? null : op.body().apply(r);
        byte[] body = valid == null ? new byte[0] : bytes(valid);
        Map<String, String> headers = new LinkedHashMap<>();
        if (valid != null) {
            headers.put("Content-Type", "application/json");
        }
        String mutation;
        String method = op.method();
        int family = r.nextInt(10);
        if (valid != null && family < 6) {
            mutation = BODY_MUTATIONS[r.nextInt(BODY_MUTATIONS.length)];
            body = mutateBody(mutation, valid, body, r);
        } else if (family < 8 || op.auth() == Auth.NONE) {
            List<String> applicable = new ArrayList<>();
            for (String m : TARGET_MUTATIONS) {
                if (!m.startsWith("query-") || target.contains("?") || r.nextInt(8) == 0) {
                    applicable.add(m);
                }
            }
            mutation = pick(r, applicable);
            target = mutateTarget(mutation, target, r);
            if (mutation.equals("wrong-method")) {
                method = pick(r, List.of("PUT", "DELETE", "PATCH", "POST", "GET").stream().filter(m -> !m.equals(op.method())).toList());
            }
        } else {
            List<String> applicable = new ArrayList<>();
            for (String m : HEADER_MUTATIONS) {
                boolean fits = m.contains("idempotency") ? op.name().equals("createOrder")
                        : m.contains("content-type") ? valid != null
                        : op.auth() == Auth.CLIENT || op.auth() == Auth.OPERATOR;
                if (fits) {
                    applicable.add(m);
                }
            }
            mutation = applicable.isEmpty() ? null : pick(r, applicable);
        }
        boolean signed = op.auth() == Auth.PARTNER || op.auth() == Auth.RIDER;
        String signatureMutation = signed && (mutation == null || r.nextInt(4) == 0)
                ? SIGNATURE_MUTATIONS[r.nextInt(SIGNATURE_MUTATIONS.length)] : null;
        if (mutation == null) {
            mutation = signatureMutation == null ? "no-credentials" : "signature";
        }
        authorize(op, headers, body, signatureMutation, r);
        if (HEADER_MUTATIONS_SET.contains(mutation)) {
            mutateHeaders(mutation, op, headers, r);
        }
        if (op.name().equals("createOrder") && !headers.containsKey("Idempotency-Key") && !mutation.startsWith("no-idempotency")) {
            headers.put("Idempotency-Key", "fuzz-" + Long.toHexString(r.nextLong()));
        }
        RawHttp.Request request = new RawHttp.Request(method, target, headers, body);
        if (signed && signatureMutation == null) {
            lastSigned = request;
        }
        return new Fuzzed(op.name(), signatureMutation == null ? mutation : mutation + "+" + signatureMutation, request);
    }

    private static final java.util.Set<String> HEADER_MUTATIONS_SET = java.util.Set.of(HEADER_MUTATIONS);

    private byte[] mutateBody(String mutation, JsonNode valid, byte[] body, Random r) {
        return switch (mutation) {
            case "truncated" -> java.util.Arrays.copyOf(body, Math.max(0, r.nextInt(Math.max(1, body.length))));
            case "trailing-text" -> concat(body, pick(r, List.of("xyz", " x", "\n}", "]", ",", " // comment", "\u0000")).getBytes(StandardCharsets.UTF_8));
            case "trailing-document" -> concat(body, pick(r, List.of("{}", " {}", "[]", " 1", "\"x\"", " null", " true")).getBytes(StandardCharsets.UTF_8));
            case "flipped-byte" -> {
                byte[] copy = body.clone();
                if (copy.length > 0) {
                    copy[r.nextInt(copy.length)] = (byte) pick(r, List.of((int) '{', (int) '}', (int) '"', (int) ',', (int) ':', 0, 0xff, (int) '\\', r.nextInt(256))).intValue();
                }
                yield copy;
            }
            case "invalid-utf8" -> {
                String text = new String(body, StandardCharsets.UTF_8);
                int at = text.lastIndexOf('"', Math.max(0, text.length() - 2));
                byte[] bad = pick(r, List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[] {(byte) 0xe4, (byte) 0xb8}));
                yield at <= 0 ? concat(bad, body) : concat(concat(java.util.Arrays.copyOf(body, at), bad), java.util.Arrays.copyOfRange(body, at, body.length));
            }
            case "empty-body" -> new byte[0];
            case "json-null" -> "null".getBytes(StandardCharsets.UTF_8);
            case "json-array" -> concat(concat("[".getBytes(StandardCharsets.UTF_8), body), "]".getBytes(StandardCharsets.UTF_8));
            case "json-scalar" -> pick(r, List.of("42", "\"text\"", "true", "1e999", "-0")).getBytes(StandardCharsets.UTF_8);
            case "duplicate-member" -> {
                String text = new String(body, StandardCharsets.UTF_8);
                int close = text.lastIndexOf('}');
                String first = valid.fieldNames().hasNext() ? valid.fieldNames().next() : "x";
                yield (text.substring(0, close) + ",\"" + first + "\":" + pick(r, List.of("null", "1", "\"dup\"", "{}")) + "}").getBytes(StandardCharsets.UTF_8);
            }
            case "deep-nesting" -> {
                int depth = pick(r, List.of(600, 1_200, 5_000, 50_000));
                String open = pick(r, List.of("[", "{\"a\":"));
                String close = open.equals("[") ? "]" : "}";
                JsonNode copy = valid.deepCopy();
                String marker = "\"__DEEP__\"";
                setRandomLeaf(copy, NODES.textNode("__DEEP__"), r);
                String text = write(copy).replace(marker, open.repeat(depth) + "1" + close.repeat(depth));
                yield text.getBytes(StandardCharsets.UTF_8);
            }
            case "oversized-body" -> {
                int size = world.bodyLimitBytes() + 1 + r.nextInt(world.bodyLimitBytes());
                JsonNode copy = valid.deepCopy();
                setRandomLeaf(copy, NODES.textNode("x".repeat(size)), r);
                yield bytes(copy);
            }
            case "long-array" -> {
                JsonNode copy = valid.deepCopy();
                ArrayNode many = NODES.arrayNode();
                JsonNode element = firstArrayElement(copy) == null ? null : firstArrayElement(copy).deepCopy();
                for (int i = 0; i < 5_000 + r.nextInt(20_000); i++) {
                    many.add(element == null ? NODES.numberNode(i) : element);
                }
                setRandomArray(copy, many, r);
                yield bytes(copy);
            }
            // the writer would turn a lone surrogate into '?': it is written as the JSON escape it is sent as
            default -> write(mutateTree(mutation, valid.deepCopy(), r)).replace(LONE_SURROGATE, "\\ud800x").getBytes(StandardCharsets.UTF_8);
        };
    }

    private JsonNode mutateTree(String mutation, JsonNode tree, Random r) {
        switch (mutation) {
            case "wrong-type" -> setRandomLeaf(tree, pick(r, List.of(NODES.textNode("2"), NODES.numberNode(2), NODES.booleanNode(true),
                    NODES.nullNode(), NODES.arrayNode().add(1), NODES.objectNode().put("a", 1), NODES.numberNode(2.5), NODES.textNode(""))), r);
            case "huge-number" -> setRandomLeaf(tree, pick(r, List.<JsonNode>of(NODES.numberNode(new java.math.BigInteger("9".repeat(40))),
                    NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Integer.MAX_VALUE + 1L),
                    NODES.numberNode(-Long.MAX_VALUE), NODES.numberNode(new java.math.BigDecimal("1" + "0".repeat(1200))),
                    NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(4.9e-324))), r);
            case "huge-string" -> setRandomLeaf(tree, NODES.textNode(pick(r, List.of("x", "米", "\u00e9", "a\"b")).repeat(1_000 + r.nextInt(60_000))), r);
            case "missing-member" -> removeRandomMember(tree, r);
            case "extra-member" -> addRandomMember(tree, r);
            case "bad-gtin" -> replaceGtin(tree, pick(r, List.of(badCheckDigit(pick(r, world.gtins())), "123", "690204750011X", "69020475001130",
                    "", "0000000000000", " 6902047500113", "6902047500113\n")), r);
            case "coordinates-out-of-range" -> setCoordinates(tree, pick(r, List.of(91.0, -91.0, 181.0, -181.0, 1e10, 360.0)), r);
            case "nul-in-string" -> setRandomLeaf(tree, NODES.textNode(pick(r, List.of("\u0000", "a\u0000b", "hh-\u0000"))), r);
            case "control-chars-in-string" -> setRandomLeaf(tree, NODES.textNode(pick(r, List.of("\u0001\u0002", "a\nb", "\u001b[31m", "\u007f",
                    "\u0085", "\u2028", "tab\there"))), r);
            case "lone-surrogate" -> setRandomLeaf(tree, NODES.textNode(LONE_SURROGATE), r);
            case "negative-number" -> setRandomNumber(tree, NODES.numberNode(-1 - r.nextInt(1000)), r);
            case "zero" -> setRandomNumber(tree, NODES.numberNode(0), r);
            case "fraction-for-integer" -> setRandomNumber(tree, NODES.numberNode(1.5), r);
            default -> throw new IllegalStateException(mutation);
        }
        return tree;
    }

    private String mutateTarget(String mutation, String target, Random r) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q);
        String[] segments = path.split("/");
        int last = segments.length - 1;
        // the segment most likely to be an id: the last but one for .../{id}/cancel, else the last
        int idx = segments.length > 3 && List.of("cancel", "events", "health", "pause", "resume", "rules", "stock", "pick-results",
                "pick-lists").contains(segments[last]) ? last - 1 : last;
        switch (mutation) {
            case "nul-in-path" -> segments[idx] = segments[idx] + "%00";
            case "control-in-path" -> segments[idx] = pick(r, List.of("%0a", "%0d%0a", "%1b", "%7f", "%09", "%08")) + segments[idx];
            case "percent-ff-in-path" -> segments[idx] = segments[idx] + pick(r, List.of("%ff", "%fe%ff", "%80", "%e4%b8"));
            case "overlong-utf8-in-path" -> segments[idx] = pick(r, List.of("%c0%af", "%e0%80%af", "%c0%80", "%ed%a0%80"));
            case "malformed-escape" -> segments[idx] = segments[idx] + pick(r, List.of("%", "%z", "%zz", "%%", "%g0"));
            case "dot-segments" -> segments[idx] = pick(r, List.of("..", "%2e%2e", ".", "..%2f..%2fetc%2fpasswd", "%2f"));
            case "very-long-id" -> segments[idx] = "x".repeat(pick(r, List.of(300, 2_000, 5_000, 20_000)));
            case "unicode-id" -> segments[idx] = pick(r, List.of("%e7%b1%b3", "%f0%9f%8d%9a", "%e2%80%ae", "%ef%bb%bf"));
            case "empty-segment" -> segments[idx] = "";
            case "query-nul" -> query = query.isEmpty() ? "?q=%00" : query.replaceFirst("=([^&]*)", "=$1%00");
            case "query-not-a-number" -> query = query.isEmpty() ? "?limit=ten" : query.replaceFirst("=([^&]*)", "=abc");
            case "query-huge" -> query = query.isEmpty() ? "?q=" + "y".repeat(5000) : query.replaceFirst("=([^&]*)", "=" + "9".repeat(400));
            case "query-nan" -> query = query.isEmpty() ? "?lat=NaN" : query.replaceFirst("=([^&]*)", "=" + pick(r, List.of("NaN", "Infinity", "-Infinity", "1e999", "0x10", "1,5")));
            case "query-repeated" -> query = query.isEmpty() ? "?a=1&a=2" : query + "&" + query.substring(1);
            case "wrong-method" -> { }
            default -> throw new IllegalStateException(mutation);
        }
        return String.join("/", segments) + query;
    }

    private void mutateHeaders(String mutation, Operation op, Map<String, String> headers, Random r) {
        switch (mutation) {
            case "wrong-content-type" -> headers.put("Content-Type", pick(r, List.of("text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/jsonx", "json")));
            case "xml-content-type" -> headers.put("Content-Type", "application/xml");
            case "no-content-type" -> headers.remove("Content-Type");
            case "no-credentials" -> headers.remove("Authorization");
            case "wrong-credentials" -> headers.put("Authorization", "Bearer " + pick(r, List.of("wrong", "", "x".repeat(5000), world.clientKey() + "x")));
            case "other-scheme" -> headers.put("Authorization", pick(r, List.of("Basic dXNlcjpwYXNz", "bearer", "Bearer", "Token abc")));
            case "no-idempotency-key" -> headers.remove("Idempotency-Key");
            case "long-idempotency-key" -> headers.put("Idempotency-Key", "k".repeat(256 + r.nextInt(3000)));
            case "idempotency-key-with-space" -> headers.put("Idempotency-Key", pick(r, List.of("a b", " ", "\t", "cl\u00e9")));
            default -> throw new IllegalStateException(mutation);
        }
    }

    private void authorize(Operation op, Map<String, String> headers, byte[] body, String signatureMutation, Random r) {
        switch (op.auth()) {
            case CLIENT -> headers.put("Authorization", "Bearer " + world.clientKey());
            case OPERATOR -> headers.put("Authorization", "Bearer " + world.operatorKey());
            case PARTNER -> sign(headers, world.chainSecrets().get(op.chainId()), body, signatureMutation, r, op.chainId());
            case RIDER -> sign(headers, world.riderSecret(), body, signatureMutation, r, null);
            case NONE -> { }
        }
    }

    private void sign(Map<String, String> headers, String secret, byte[] body, String mutation, Random r, String chainId) {
        byte[] signedBody = "signed-other-body".equals(mutation) ? concat(body, " ".getBytes(StandardCharsets.UTF_8)) : body;
        String by = secret;
        if ("other-chains-secret".equals(mutation)) {
            by = world.chainSecrets().entrySet().stream().filter(e -> !e.getKey().equals(chainId)).findFirst()
                    .map(Map.Entry::getValue).orElse(world.riderSecret());
        }
        Instant at = Instant.now();
        if ("stale-timestamp".equals(mutation)) {
            at = at.minusSeconds(3600);
        } else if ("future-timestamp".equals(mutation)) {
            at = at.plusSeconds(3600);
        }
        HmacSigner.Signature signature = new HmacSigner(by, Clock.fixed(at, java.time.ZoneOffset.UTC), HmacSigner.DEFAULT_TOLERANCE)
                .sign(signedBody);
        String timestamp = signature.timestamp();
        String nonce = signature.nonce();
        String value = signature.signature();
        if (mutation != null) {
            switch (mutation) {
                case "no-signature" -> {
                    return;
                }
                case "wrong-signature" -> value = "v1=" + "ab".repeat(32);
                case "timestamp-not-a-number" -> timestamp = pick(r, List.of("yesterday", "", "1e9", "99999999999999999999"));
                case "signature-not-hex" -> value = "v1=zz" + value.substring(5);
                case "other-scheme-signature" -> value = "v2=" + value.substring(3);
                case "huge-nonce" -> nonce = "n".repeat(200 + r.nextInt(5000));
                default -> { }
            }
        }
        headers.put(HmacSigner.TIMESTAMP_HEADER, timestamp);
        headers.put(HmacSigner.NONCE_HEADER, nonce);
        headers.put(HmacSigner.SIGNATURE_HEADER, value);
    }

    // --- tree surgery -------------------------------------------------------------------------------

    private static void setRandomLeaf(JsonNode tree, JsonNode value, Random r) {
        List<Runnable> setters = new ArrayList<>();
        collectLeaves(tree, value, setters, false);
        if (!setters.isEmpty()) {
            setters.get(r.nextInt(setters.size())).run();
        }
    }

    private static void setRandomNumber(JsonNode tree, JsonNode value, Random r) {
        List<Runnable> setters = new ArrayList<>();
        collectLeaves(tree, value, setters, true);
        if (!setters.isEmpty()) {
            setters.get(r.nextInt(setters.size())).run();
        } else {
            setRandomLeaf(tree, value, r);
        }
    }

    private static void collectLeaves(JsonNode node, JsonNode value, List<Runnable> setters, boolean numbersOnly) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode child = object.get(name);
                if (child.isContainerNode()) {
                    collectLeaves(child, value, setters, numbersOnly);
                } else if (!numbersOnly || child.isNumber()) {
                    setters.add(() -> object.set(name, value));
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                int index = i;
                if (child.isContainerNode()) {
                    collectLeaves(child, value, setters, numbersOnly);
                } else if (!numbersOnly || child.isNumber()) {
                    setters.add(() -> array.set(index, value));
                }
            }
        }
    }

    private static JsonNode firstArrayElement(JsonNode node) {
        if (node instanceof ArrayNode array && !array.isEmpty()) {
            return array.get(0);
        }
        for (JsonNode child : node) {
            JsonNode found = firstArrayElement(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static void setRandomArray(JsonNode tree, ArrayNode value, Random r) {
        List<Runnable> setters = new ArrayList<>();
        collectArrays(tree, value, setters);
        if (!setters.isEmpty()) {
            setters.get(r.nextInt(setters.size())).run();
        } else if (tree instanceof ObjectNode object) {
            object.set("lines", value);
        }
    }

    private static void collectArrays(JsonNode node, ArrayNode value, List<Runnable> setters) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode child = object.get(name);
                if (child.isArray()) {
                    setters.add(() -> object.set(name, value));
                }
                if (child.isContainerNode()) {
                    collectArrays(child, value, setters);
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> collectArrays(child, value, setters));
        }
    }

    private static void removeRandomMember(JsonNode tree, Random r) {
        List<Runnable> removers = new ArrayList<>();
        collectMembers(tree, removers);
        if (!removers.isEmpty()) {
            removers.get(r.nextInt(removers.size())).run();
        }
    }

    private static void collectMembers(JsonNode node, List<Runnable> removers) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                removers.add(() -> object.remove(name));
                collectMembers(object.get(name), removers);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> collectMembers(child, removers));
        }
    }

    private static void addRandomMember(JsonNode tree, Random r) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(tree, objects);
        if (!objects.isEmpty()) {
            ObjectNode target = objects.get(r.nextInt(objects.size()));
            target.put(pick(r, List.of("extra", "__proto__", "constructor", "$where", "x".repeat(300), "")),
                    pick(r, List.of("value", "<script>", "'; drop table orders; --")));
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (JsonNode child : node) {
            collectObjects(child, objects);
        }
    }

    private static void replaceGtin(JsonNode node, String bad, Random r) {
        List<Runnable> setters = new ArrayList<>();
        collectNamed(node, name -> name.toLowerCase().contains("gtin"), NODES.textNode(bad), setters);
        if (!setters.isEmpty()) {
            setters.get(r.nextInt(setters.size())).run();
        } else {
            setRandomLeaf(node, NODES.textNode(bad), r);
        }
    }

    private static void setCoordinates(JsonNode node, double bad, Random r) {
        List<Runnable> setters = new ArrayList<>();
        collectNamed(node, name -> name.equals("lat") || name.equals("lon"), NODES.numberNode(bad), setters);
        if (!setters.isEmpty()) {
            setters.get(r.nextInt(setters.size())).run();
        } else {
            setRandomNumber(node, NODES.numberNode(bad), r);
        }
    }

    private static void collectNamed(JsonNode node, java.util.function.Predicate<String> named, JsonNode value, List<Runnable> setters) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode child = object.get(name);
                if (named.test(name) && child.isValueNode()) {
                    setters.add(() -> object.set(name, value));
                } else if (named.test(name) && child.isArray()) {
                    ArrayNode array = (ArrayNode) child;
                    for (int i = 0; i < array.size(); i++) {
                        int index = i;
                        setters.add(() -> array.set(index, value));
                    }
                }
                collectNamed(child, named, value, setters);
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> collectNamed(child, named, value, setters));
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private String gtin(Random r) {
        return pick(r, world.gtins());
    }

    private String orderId(Random r) {
        return world.orderIds().isEmpty() || r.nextInt(4) == 0 ? "o-unknown-" + r.nextInt(100) : pick(r, world.orderIds());
    }

    private String anyStore(Random r) {
        List<String> all = world.storesByChain().values().stream().flatMap(List::stream).toList();
        return r.nextInt(5) == 0 ? "no-such-store" : pick(r, all);
    }

    static String badCheckDigit(String gtin) {
        char last = gtin.charAt(gtin.length() - 1);
        return gtin.substring(0, gtin.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static byte[] bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
