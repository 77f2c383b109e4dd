package io.aisle.gateway.api;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.dev.DevFleet;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated fuzz of malformed requests ({@link RequestFuzz}) over every operation, against a real
 * gateway on real PostgreSQL and Redis with the simulated fleet behind it. Every answer must come in
 * time, be below 500, and, when it is an error, be {@code application/problem+json} with its status;
 * a refused request must write nothing (the row count of every table before and after it); the
 * gateway stays live and ready. 1,000 requests by default; {@code -Daisle.fuzz.requests=10000} for
 * the long run ({@code load-tests/reliability.sh}), {@code -Daisle.fuzz.seed=N} for other requests.
 */
class MalformedInputFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Mutations no operation may accept: the request is not a valid request of any operation. */
    private static final java.util.Set<String> MUST_REFUSE = java.util.Set.of("trailing-text", "trailing-document", "nul-in-string",
            "lone-surrogate", "duplicate-member", "json-null", "json-array", "json-scalar", "deep-nesting", "invalid-utf8",
            "nul-in-path", "control-in-path", "percent-ff-in-path", "overlong-utf8-in-path", "malformed-escape", "wrong-content-type",
            "xml-content-type", "no-credentials", "wrong-credentials", "other-scheme", "long-idempotency-key", "idempotency-key-with-space",
            "no-idempotency-key", "no-signature", "wrong-signature", "stale-timestamp", "future-timestamp", "timestamp-not-a-number",
            "signature-not-hex", "other-scheme-signature", "huge-nonce", "signed-other-body", "other-chains-secret", "replayed-nonce");
    private static Vertx vertx;
    private static Vertx fleetVertx;
    private static DevFleet fleet;
    private static Gateway gateway;
    private static Pool queries;
    private static String countRows;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        fleetVertx = Vertx.vertx();
        fleet = DevFleet.prepare(FleetSpec.withStoresPerChain(2), 0);
        PgConfig pg = TestServers.freshDatabase();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 300).put("radiusKm", 50);
        // no background work that inserts rows while requests are counted: waves and recovery stay still
        overrides.putObject("picking").put("checkPeriodMs", 3_600_000);
        overrides.putObject("orders").put("recoveryPeriodMs", 3_600_000);
        overrides.putObject("riderDispatch").put("baseUrl", fleet.baseUrl() + "/rider-dispatch")
                .put("apiKey", DevFleet.RIDER_API_KEY).put("signingSecret", DevFleet.RIDER_SIGNING_SECRET);
        GatewayConfig config = TestConfig.gateway(pg, TestServers.redis(), overrides).withChains(fleet.endpoints());
        gateway = await(Gateway.start(vertx, config));
        await(fleet.seed(gateway, true));
        await(fleet.serve(fleetVertx, "http://127.0.0.1:" + gateway.port()));
        queries = Infra.pool(vertx, pg);
        List<String> tables = new ArrayList<>();
        await(queries.query("select table_name from information_schema.tables where table_schema = 'public' "
                + "and table_type = 'BASE TABLE' and table_name not like 'flyway%' order by table_name").execute())
                .forEach(row -> tables.add(row.getString(0)));
        countRows = String.join(" union all ", tables.stream()
                .map(t -> "select '" + t + "' as t, count(*) as n from " + t).toList());
    }

    @AfterAll
    static void stop() {
        await(queries.close());
        await(gateway.stop());
        await(fleet.stop());
        await(vertx.close());
        await(fleetVertx.close());
    }

    @Test
    void malformedRequestsGetProblemAnswersBelow500AndWriteNothing() throws Exception {
        int requests = Integer.getInteger("aisle.fuzz.requests", 1_000);
        long seed = Long.getLong("aisle.fuzz.seed", 20260302L);
        RawHttp http = new RawHttp("127.0.0.1", gateway.port(), 10_000);
        RequestFuzz fuzz = new RequestFuzz(seed, world(http));

        Map<String, List<String>> violations = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byMutation = new TreeMap<>();
        Map<String, Integer> accepted = new TreeMap<>();
        Map<String, Long> rows = rowCounts();
        int rejected = 0;
        for (int i = 0; i < requests; i++) {
            RequestFuzz.Fuzzed fuzzed = fuzz.next();
            RawHttp.Answer answer = http.send(fuzzed.request());
            byStatus.merge(answer.status(), 1, Integer::sum);
            byMutation.merge(fuzzed.mutation(), 1, Integer::sum);
            String what = fuzzed.operation() + " / " + fuzzed.mutation();
            String problem = check(answer);
            if (problem == null && answer.status() < 300 && mustRefuse(fuzzed)) {
                problem = "accepted a request it must refuse";
            }
            boolean businessAnswer = answer.status() < 400 || answer.text().contains("/problems/basket-unfillable");
            if (answer.status() > 0 && answer.status() < 300) {
                if (accepted.merge(what, 1, Integer::sum) == 1 && Boolean.getBoolean("aisle.fuzz.showAccepted")) {
                    System.out.println("fuzz: accepted " + what + ": " + describe(fuzzed.request()));
                }
            }
            Map<String, Long> after = rowCounts();
            if (problem == null && !businessAnswer) {
                rejected++;
                if (!after.equals(rows)) {
                    problem = "a refused request wrote rows: " + diff(rows, after);
                }
            }
            rows = after;
            if (problem != null) {
                violations.computeIfAbsent(what + " -> " + answer.status(), k -> new ArrayList<>()).add(problem + "\n      request: "
                        + describe(fuzzed.request()) + "\n      answer: " + abbreviate(answer.text()));
            }
        }
        RawHttp.Answer live = http.send(new RawHttp.Request("GET", "/health/live", Map.of(), new byte[0]));
        RawHttp.Answer ready = http.send(new RawHttp.Request("GET", "/health/ready", Map.of(), new byte[0]));
        System.out.printf("fuzz: %d requests (seed %d), %d refused, answers by status %s%n", requests, seed, rejected, byStatus);
        System.out.printf("fuzz: by mutation %s%n", byMutation);
        System.out.printf("fuzz: accepted (2xx) %s%n", accepted);
        StringBuilder report = new StringBuilder();
        violations.forEach((key, samples) -> report.append("\n  ").append(key).append(" (").append(samples.size()).append("x): ")
                .append(samples.get(0)));
        System.out.printf("fuzz: %d violation kind(s)%s%n", violations.size(), report);
        assertTrue(violations.isEmpty(), violations.size() + " kind(s) of wrong answers:" + report);
        assertEquals(200, live.status(), "the gateway is still live");
        assertEquals(200, ready.status(), "the gateway is still ready: " + ready.text());
        assertTrue(byStatus.keySet().stream().noneMatch(s -> s >= 500), "no 5xx: " + byStatus);
    }

    private static boolean mustRefuse(RequestFuzz.Fuzzed fuzzed) {
        boolean emptyBody = fuzzed.request().body().length == 0;
        for (String part : fuzzed.mutation().split("\\+")) {
            if (MUST_REFUSE.contains(part) && !(emptyBody && part.contains("content-type"))) {
                return true;
            }
        }
        return false;
    }

    /** Why the answer is wrong for a malformed request; null when it is right. */
    private static String check(RawHttp.Answer answer) {
        if (answer.status() == 0) {
            return "no answer: " + answer.failure();
        }
        if (answer.status() >= 500) {
            return "a server error for bad input";
        }
        if (answer.status() >= 400) {
            String type = answer.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                return "an error answered as " + type + ", not application/problem+json";
            }
            try {
                JsonNode body = MAPPER.readTree(answer.body());
                if (body == null || !body.isObject() || body.path("status").asInt() != answer.status()) {
                    return "a problem whose status member is not the answer's status";
                }
            } catch (java.io.IOException e) {
                return "a problem body that is not JSON: " + e.getMessage();
            }
        }
        return null;
    }

    private static RequestFuzz.World world(RawHttp http) {
        List<String> gtins = fleet.fleet().catalogue().items().stream().map(i -> i.gtin().value()).limit(60).toList();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (ChainEndpoint endpoint : fleet.endpoints()) {
            secrets.put(endpoint.chainId(), endpoint.signingSecret());
        }
        Map<String, List<String>> stores = new LinkedHashMap<>();
        for (Store store : fleet.fleet().stores()) {
            stores.computeIfAbsent(store.chainId(), k -> new ArrayList<>()).add(store.id());
        }
        String pushOnly = fleet.endpoints().stream().filter(e -> e.kind() == PartnerKind.PUSH_ONLY).findFirst().orElseThrow().chainId();
        // one real order, so ids that exist are among those the fuzz breaks
        Store near = fleet.fleet().stores().get(0);
        String order = "{\"deliveryAddress\":{\"lat\":" + near.location().lat() + ",\"lon\":" + near.location().lon() + "},"
                + "\"lines\":[{\"gtin\":\"" + gtins.get(0) + "\",\"quantity\":1}],\"customerRef\":\"hh-fuzz\",\"acceptPartial\":true}";
        RawHttp.Answer placed = http.send(new RawHttp.Request("POST", "/v1/orders", Map.of("Authorization", TestConfig.CLIENT_AUTH,
                "Content-Type", "application/json", "Idempotency-Key", "fuzz-seed-order"), order.getBytes(StandardCharsets.UTF_8)));
        List<String> orderIds = new ArrayList<>();
        try {
            JsonNode body = MAPPER.readTree(placed.body());
            if (body.hasNonNull("orderId")) {
                orderIds.add(body.get("orderId").asText());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the seed order's answer is not JSON: " + placed.text(), e);
        }
        return new RequestFuzz.World(TestConfig.CLIENT_KEY, TestConfig.OPERATOR_KEY, gtins, secrets, stores, pushOnly,
                DevFleet.RIDER_SIGNING_SECRET, orderIds, gateway.config().http().bodyLimitBytes());
    }

    private static Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : await(queries.query(countRows).execute())) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    private static String diff(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder out = new StringBuilder();
        after.forEach((table, n) -> {
            long was = before.getOrDefault(table, 0L);
            if (was != n) {
                out.append(table).append(' ').append(was).append("->").append(n).append(' ');
            }
        });
        return out.toString().trim();
    }

    private static String describe(RawHttp.Request request) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        return request.method() + " " + abbreviate(request.target()) + " " + request.headers().keySet() + " body " + abbreviate(body);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\u0000", "\\0");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "... (" + oneLine.length() + " chars)" : oneLine;
    }
}
