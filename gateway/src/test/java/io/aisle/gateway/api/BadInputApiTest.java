package io.aisle.gateway.api;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input the first tries and the fuzz ({@link MalformedInputFuzzTest}) found answered wrongly: a
 * 500, or accepted. Each is now a clear 4xx problem, and nothing is written for it.
 */
class BadInputApiTest {

    private static final String ORDER = """
            {"deliveryAddress": {"lat": 30.5928, "lon": 114.3055}, "customerRef": "hh-1", "acceptPartial": true,
             "lines": [{"gtin": "6916165031008", "quantity": 2}]}""";

    private static Vertx vertx;
    private static Gateway gateway;
    private static Pool queries;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putArray("chains").addObject().put("chainId", "jiuzhou-legacy").put("kind", "LEGACY_XML")
                .put("baseUrl", "http://127.0.0.1:9/legacy-xml").put("apiKey", "k").put("signingSecret", "legacy-signing-secret-01");
        PgConfig pg = TestServers.freshDatabase();
        gateway = await(Gateway.start(vertx, TestConfig.gateway(pg, TestServers.redis(), overrides)));
        queries = Infra.pool(vertx, pg);
        http = new RawHttp("127.0.0.1", gateway.port(), 10_000);
    }

    @AfterAll
    static void stop() {
        await(queries.close());
        await(gateway.stop());
        await(vertx.close());
    }

    @ParameterizedTest(name = "GET /v1/orders/{0} is a 400 problem")
    @ValueSource(strings = {"%00", "o-1%00", "%0a", "%1b%5b31m", "%7f", "%ff", "%c0%af", "%ed%a0%80", "%zz", "o-1%"})
    void refusesControlCharactersAndBrokenEscapesInThePath(String id) {
        RawHttp.Answer answer = get("/v1/orders/" + id);
        assertProblem(400, answer);
        assertTrue(answer.text().contains("/problems/malformed-request") && answer.text().contains("Invalid request target"),
                answer.text());
    }

    @Test
    void refusesANulInAQueryParameter() {
        assertProblem(400, get("/v1/catalog?q=rice%00"));
    }

    @Test
    void stillFindsAnUnknownOrderWithAPlainOrUnicodeId() {
        assertProblem(404, get("/v1/orders/o-unknown"));
        assertProblem(404, get("/v1/orders/%e7%b1%b3"));
    }

    @ParameterizedTest(name = "an order followed by {0} is a 400 problem")
    @ValueSource(strings = {"xyz", " {}", "[]", " 1", "}"})
    void refusesTextAfterTheJsonDocument(String trailing) {
        assertRefusedAndNothingWritten(400, order(ORDER + trailing));
    }

    @Test
    void refusesAQuantityWrittenAsAString() {
        RawHttp.Answer answer = assertRefusedAndNothingWritten(400, order(ORDER.replace("\"quantity\": 2", "\"quantity\": \"2\"")));
        assertTrue(answer.text().contains("/lines/0/quantity"), "the problem points at the member: " + answer.text());
    }

    @Test
    void refusesOtherMembersOfTheWrongJsonType() {
        assertRefusedAndNothingWritten(400, order(ORDER.replace("\"acceptPartial\": true", "\"acceptPartial\": \"true\"")));
        assertRefusedAndNothingWritten(400, order(ORDER.replace("\"customerRef\": \"hh-1\"", "\"customerRef\": 1")));
        assertRefusedAndNothingWritten(400, order(ORDER.replace("\"lat\": 30.5928", "\"lat\": \"30.5928\"")));
        assertRefusedAndNothingWritten(400, order(ORDER.replace("\"6916165031008\"", "6916165031008")));
    }

    @Test
    void refusesADeliveryAddressWithoutLongitudeRatherThanReadingZero() {
        assertRefusedAndNothingWritten(400, order(ORDER.replace(", \"lon\": 114.3055", "")));
    }

    @Test
    void refusesAMemberGivenTwice() {
        assertRefusedAndNothingWritten(400, order(ORDER.replace("\"customerRef\": \"hh-1\"", "\"customerRef\": \"hh-1\", \"customerRef\": \"hh-2\"")));
    }

    @Test
    void refusesTextThatPostgresqlCannotStoreOrThatIsNotUnicode() {
        assertRefusedAndNothingWritten(400, order(ORDER.replace("hh-1", "hh-\\u0000")));
        assertRefusedAndNothingWritten(400, order(ORDER.replace("hh-1", "hh-\\ud800")));
    }

    @Test
    void refusesAnOrderForAProductNotInTheCatalogueBeforeWritingIt() {
        RawHttp.Answer answer = assertRefusedAndNothingWritten(422, order(ORDER));
        assertTrue(answer.text().contains("/problems/validation-failed") && answer.text().contains("/lines/0/gtin")
                && answer.text().contains("not in the catalogue"), answer.text());
    }

    @Test
    void refusesABodyThatIsNotStrictUtf8() {
        byte[] body = ORDER.replace("hh-1", "hh-@").getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {{(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff}}) {
            assertRefusedAndNothingWritten(400, order(replace(body, (byte) '@', bad)));
        }
    }

    @Test
    void refusesAFormBodyWhereJsonIsExpected() {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Authorization", TestConfig.CLIENT_AUTH,
                "Content-Type", "application/x-www-form-urlencoded"));
        assertProblem(415, http.send(new RawHttp.Request("POST", "/v1/orders/o-unknown/cancel", headers,
                "reason=because".getBytes(StandardCharsets.UTF_8))));
        headers.put("Content-Type", "application/jsonx");
        assertProblem(415, http.send(new RawHttp.Request("POST", "/v1/quotes", headers, "{}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void refusesAPauseReasonWithANul() {
        Map<String, String> headers = Map.of("Authorization", TestConfig.OPERATOR_AUTH, "Content-Type", "application/json");
        assertProblem(400, http.send(new RawHttp.Request("POST", "/v1/admin/stores/no-such-store/pause", headers,
                "{\"reason\": \"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void refusesOnboardingAStoreUnderAnotherStoresPartnerIdAndWritesNothing() {
        Map<String, String> headers = Map.of("Authorization", TestConfig.OPERATOR_AUTH, "Content-Type", "application/json");
        String first = onboarding("jz-first", "JZ0001", io.aisle.contracts.value.Gtin.fromPrefix("690000000031").value());
        RawHttp.Answer onboarded = http.send(new RawHttp.Request("POST", "/v1/admin/onboarding", headers, bytes(first)));
        assertEquals(200, onboarded.status(), onboarded.text());
        Map<String, Long> before = rows();
        RawHttp.Answer answer = http.send(new RawHttp.Request("POST", "/v1/admin/onboarding", headers,
                bytes(onboarding("jz-second", "JZ0001", io.aisle.contracts.value.Gtin.fromPrefix("690000000032").value()))));
        assertProblem(422, answer);
        assertTrue(answer.text().contains("/stores/0/partnerStoreId"), answer.text());
        assertEquals(before, rows(), "nothing of the refused batch was written");
    }

    @Test
    void answersARequestLineTooLongWithAProblem() {
        assertProblem(414, get("/v1/orders/" + "x".repeat(9000)));
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static RawHttp.Answer assertRefusedAndNothingWritten(int status, RawHttp.Request request) {
        Map<String, Long> before = rows();
        RawHttp.Answer answer = http.send(request);
        assertProblem(status, answer);
        assertEquals(before, rows(), "a refused request writes nothing");
        return answer;
    }

    private static void assertProblem(int status, RawHttp.Answer answer) {
        assertEquals(status, answer.status(), answer.text());
        assertTrue(String.valueOf(answer.header("content-type")).startsWith("application/problem+json"), answer.headers().toString());
        assertTrue(answer.text().contains("\"status\":" + status), answer.text());
    }

    private static RawHttp.Answer get(String target) {
        return http.send(new RawHttp.Request("GET", target, Map.of("Authorization", TestConfig.CLIENT_AUTH), new byte[0]));
    }

    private static RawHttp.Request order(String body) {
        return order(bytes(body));
    }

    private static RawHttp.Request order(byte[] body) {
        return new RawHttp.Request("POST", "/v1/orders", Map.of("Authorization", TestConfig.CLIENT_AUTH, "Content-Type", "application/json",
                "Idempotency-Key", "bad-" + System.nanoTime()), body);
    }

    private static String onboarding(String storeId, String partnerStoreId, String gtin) {
        return """
                {"products": [{"gtin": "%s", "name": "Rice %s", "category": "rice", "sizeClass": "5kg", "unit": "5 kg bag", "weightGrams": 5000}],
                 "productCodes": [],
                 "stores": [{"storeId": "%s", "chainId": "jiuzhou-legacy", "partnerStoreId": "%s", "name": "Jiuzhou",
                             "location": {"lat": 30.6, "lon": 114.3}}]}""".formatted(gtin, storeId, storeId, partnerStoreId);
    }

    private static Map<String, Long> rows() {
        Map<String, Long> counts = new LinkedHashMap<>();
        await(queries.query("select 'orders', count(*) from orders union all select 'keys', count(*) from idempotency_keys "
                + "union all select 'lines', count(*) from order_lines union all select 'outbox', count(*) from outbox "
                + "union all select 'stores', count(*) from stores union all select 'products', count(*) from products").execute())
                .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] body, byte marker, byte[] with) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte b : body) {
            if (b == marker) {
                out.writeBytes(with);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
