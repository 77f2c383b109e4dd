package io.aisle.gateway.order;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Household caps on a scarce staple ({@code householdCap} in the product's rules), as a super-app backend meets them:
 * at most 3 bags of rice per household (a client's {@code customerRef}) per 24 hours, over its orders, on two gateway
 * instances sharing PostgreSQL and Redis, against a partner chain played by WireMock.
 */
class HouseholdCapTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000031");
    private static final Gtin FLOUR = Gtin.fromPrefix("690000000032");
    private static final String OTHER_CLIENT_KEY = "household-other-client-key-0123";
    private static final JsonObject THREE_PER_DAY = new JsonObject().put("units", 3).put("windowHours", 24);

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway gateway;
    private static Gateway secondInstance;
    private static WebClient client;
    private static StubbedPartner.Cluster stores;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        gateway = await(Gateway.start(vertx, config()));
        secondInstance = await(Gateway.start(vertx, config()));
        client = ContractCheck.webClient(vertx);
        await(gateway.clients().register(new Client("household-other", "Other", null, null), OTHER_CLIENT_KEY));
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false),
                new ProductCatalog.Entry(new Product(FLOUR, "Wheat Flour 2.5 kg", "Xiangxue", "flour", "2.5kg", "2.5 kg bag"), 2500, false))));
        stores = partner.cluster(gateway, "aisle-mart", 1);
        stores.answering(Map.of(RICE, new int[] {500, 5990}, FLOUR, new int[] {500, 2150}), 0);
        stores.holding(0);
        // warm both instances: the first calls of a cold JVM take longer than any deadline
        for (int i = 0; i < 10; i++) {
            place(gateway, order("hh-warm-" + i, Map.of(RICE, 1), true), TestConfig.CLIENT_AUTH);
            place(secondInstance, order("hh-warm-" + i, Map.of(FLOUR, 1), true), TestConfig.CLIENT_AUTH);
        }
        HttpResponse<Buffer> set = putRules(new JsonObject().put("householdCap", THREE_PER_DAY));
        assertEquals(200, set.statusCode(), set.bodyAsString());
        assertEquals(THREE_PER_DAY, set.bodyAsJsonObject().getJsonObject("householdCap"), "the rule now in force");
    }

    @AfterAll
    static void stop() {
        await(secondInstance.stop());
        await(gateway.stop());
        await(vertx.close());
        partner.close();
    }

    private static GatewayConfig config() {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 400).put("cacheTtlMs", 0).put("radiusKm", 1);
        partner.addChains(overrides.putArray("chains"), 300, "aisle-mart");
        return TestConfig.gateway(pg, redis, overrides);
    }

    @Test
    void aSecondOrderIsTrimmedToWhatTheHouseholdHasLeftAndAThirdGetsNoneOfIt() {
        HttpResponse<Buffer> first = place(gateway, order("hh-a", Map.of(RICE, 2), true), TestConfig.CLIENT_AUTH);
        assertEquals(201, first.statusCode(), first.bodyAsString());
        assertEquals(2, units(first.bodyAsJsonObject(), RICE));
        assertTrue(first.bodyAsJsonObject().getJsonArray("unfilled").isEmpty());

        HttpResponse<Buffer> second = place(secondInstance, order("hh-a", Map.of(RICE, 2), true), TestConfig.CLIENT_AUTH);
        assertEquals(201, second.statusCode(), second.bodyAsString());
        assertEquals(1, units(second.bodyAsJsonObject(), RICE), "the one bag left of three");
        assertEquals(List.of(new JsonObject().put("gtin", RICE.value()).put("quantity", 1).put("reason", "HOUSEHOLD_CAP")),
                second.bodyAsJsonObject().getJsonArray("unfilled").getList().stream().map(JsonObject::mapFrom).toList());

        HttpResponse<Buffer> third = place(gateway, order("hh-a", Map.of(RICE, 1, FLOUR, 1), true), TestConfig.CLIENT_AUTH);
        assertEquals(201, third.statusCode(), third.bodyAsString());
        assertEquals(0, units(third.bodyAsJsonObject(), RICE), "nothing left for this household");
        assertEquals(1, units(third.bodyAsJsonObject(), FLOUR), "flour has no household cap");
        JsonObject unfilled = third.bodyAsJsonObject().getJsonArray("unfilled").getJsonObject(0);
        assertEquals(RICE.value(), unfilled.getString("gtin"));
        assertEquals("HOUSEHOLD_CAP", unfilled.getString("reason"));
        assertEquals(3, bought(TestConfig.CLIENT_ID, "hh-a"));
    }

    @Test
    void anOrderOverTheCapIsRefusedWhenPartialIsNotAcceptedAndNothingOfItIsHeldOrCounted() {
        assertEquals(201, place(gateway, order("hh-refused", Map.of(RICE, 3), false), TestConfig.CLIENT_AUTH).statusCode());
        int holdsBefore = partner.server().findAll(putRequestedFor(urlMatching(stores.holdsPath(0)))).size();

        HttpResponse<Buffer> refused = place(secondInstance, order("hh-refused", Map.of(RICE, 1, FLOUR, 2), false),
                TestConfig.CLIENT_AUTH);

        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        JsonObject problem = refused.bodyAsJsonObject();
        assertEquals("https://aisle.dev/problems/basket-unfillable", problem.getString("type"));
        JsonArray errors = problem.getJsonArray("errors");
        assertEquals(1, errors.size(), errors.encode());
        assertEquals("/lines/0", errors.getJsonObject(0).getString("pointer"), "the rice line is over the household's cap");
        assertTrue(errors.getJsonObject(0).getString("detail").contains("HOUSEHOLD_CAP"), errors.encode());
        assertEquals(holdsBefore, partner.server().findAll(putRequestedFor(urlMatching(stores.holdsPath(0)))).size(),
                "no hold was asked for");
        assertEquals(3, bought(TestConfig.CLIENT_ID, "hh-refused"), "the refused order counts nothing");
    }

    @Test
    void otherHouseholdsAndTheSameCustomerRefOfAnotherClientAreNotAffected() {
        assertEquals(201, place(gateway, order("hh-full", Map.of(RICE, 3), true), TestConfig.CLIENT_AUTH).statusCode());

        HttpResponse<Buffer> neighbour = place(gateway, order("hh-next-door", Map.of(RICE, 3), false), TestConfig.CLIENT_AUTH);
        HttpResponse<Buffer> otherClient = place(secondInstance, order("hh-full", Map.of(RICE, 3), false), "Bearer " + OTHER_CLIENT_KEY);

        assertEquals(201, neighbour.statusCode(), neighbour.bodyAsString());
        assertEquals(3, units(neighbour.bodyAsJsonObject(), RICE));
        assertEquals(201, otherClient.statusCode(), otherClient.bodyAsString());
        assertEquals(3, units(otherClient.bodyAsJsonObject(), RICE), "another client's customer of the same reference is another household");
    }

    @Test
    void aCancelledOrderGivesItsUnitsBack() {
        HttpResponse<Buffer> first = place(gateway, order("hh-cancel", Map.of(RICE, 3), true), TestConfig.CLIENT_AUTH);
        assertEquals(201, first.statusCode(), first.bodyAsString());
        assertEquals(422, place(gateway, order("hh-cancel", Map.of(RICE, 1), false), TestConfig.CLIENT_AUTH).statusCode(),
                "nothing left while the first order stands");

        HttpResponse<Buffer> cancelled = await(client.post(gateway.port(), "127.0.0.1",
                        "/v1/orders/" + first.bodyAsJsonObject().getString("orderId") + "/cancel")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());

        HttpResponse<Buffer> again = place(secondInstance, order("hh-cancel", Map.of(RICE, 3), false), TestConfig.CLIENT_AUTH);
        assertEquals(201, again.statusCode(), again.bodyAsString());
        assertEquals(3, units(again.bodyAsJsonObject(), RICE));
    }

    @Test
    void concurrentOrdersOfOneHouseholdOnTwoInstancesNeverTakeMoreThanTheCap() {
        List<Future<HttpResponse<Buffer>>> placed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Gateway instance = i % 2 == 0 ? gateway : secondInstance;
            placed.add(client.post(instance.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                    .putHeader("Idempotency-Key", UUID.randomUUID().toString()).timeout(20_000)
                    .sendJsonObject(order("hh-rush", Map.of(RICE, 2), true)));
        }
        await(Future.join(placed).otherwise(ignored -> null));

        int units = 0;
        for (Future<HttpResponse<Buffer>> answer : placed) {
            HttpResponse<Buffer> response = answer.result();
            assertTrue(response.statusCode() == 201 || response.statusCode() == 422, response.bodyAsString());
            if (response.statusCode() == 201) {
                units += units(response.bodyAsJsonObject(), RICE);
            } else {
                assertTrue(response.bodyAsString().contains("HOUSEHOLD_CAP"), response.bodyAsString());
            }
        }
        assertEquals(3, units, "eight orders of two bags at once: three bags in all, as the cap says");
        assertEquals(3, bought(TestConfig.CLIENT_ID, "hh-rush"));
    }

    @Test
    void refusesBadRuleValuesAndLiftsTheCapWhenNull() {
        for (JsonObject bad : List.of(new JsonObject().put("units", 0).put("windowHours", 24),
                new JsonObject().put("units", 3).put("windowHours", 0), new JsonObject().put("units", 3).put("windowHours", 721),
                new JsonObject().put("units", 1000).put("windowHours", 24), new JsonObject().put("units", 3))) {
            HttpResponse<Buffer> refused = putRules(new JsonObject().put("householdCap", bad));
            assertEquals(422, refused.statusCode(), bad.encode() + ": " + refused.bodyAsString());
            assertEquals("https://aisle.dev/problems/validation-failed", refused.bodyAsJsonObject().getString("type"));
        }
        try {
            HttpResponse<Buffer> lifted = putRules(new JsonObject().putNull("householdCap"));
            assertEquals(200, lifted.statusCode(), lifted.bodyAsString());
            assertFalse(lifted.bodyAsJsonObject().containsKey("householdCap"));
            HttpResponse<Buffer> free = place(gateway, order("hh-lifted", Map.of(RICE, 5), false), TestConfig.CLIENT_AUTH);
            assertEquals(201, free.statusCode(), free.bodyAsString());
            assertEquals(5, units(free.bodyAsJsonObject(), RICE), "no household cap: five bags");
        } finally {
            assertEquals(200, putRules(new JsonObject().put("householdCap", THREE_PER_DAY)).statusCode());
        }
    }

    private static JsonObject order(String customerRef, Map<Gtin, Integer> lines, boolean acceptPartial) {
        Map<Gtin, Integer> ordered = new LinkedHashMap<>();
        if (lines.containsKey(RICE)) {
            ordered.put(RICE, lines.get(RICE));
        }
        if (lines.containsKey(FLOUR)) {
            ordered.put(FLOUR, lines.get(FLOUR));
        }
        return stores.basket(ordered).put("customerRef", customerRef).put("acceptPartial", acceptPartial);
    }

    private static HttpResponse<Buffer> place(Gateway instance, JsonObject body, String auth) {
        return await(client.post(instance.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", auth)
                .putHeader("Idempotency-Key", UUID.randomUUID().toString()).timeout(10_000).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> putRules(JsonObject rules) {
        return await(client.put(gateway.port(), "127.0.0.1", "/v1/admin/products/" + RICE.value() + "/rules")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).sendJsonObject(rules));
    }

    /** Units of the product over the order's legs. */
    private static int units(JsonObject order, Gtin gtin) {
        int units = 0;
        for (Object leg : order.getJsonArray("legs")) {
            for (Object line : ((JsonObject) leg).getJsonArray("lines")) {
                JsonObject l = (JsonObject) line;
                if (gtin.value().equals(l.getString("gtin"))) {
                    units += l.getInteger("quantity");
                }
            }
        }
        return units;
    }

    /** Bags of rice the household's live orders hold, as PostgreSQL has them. */
    private static int bought(String clientId, String customerRef) {
        var rows = await(gateway.pg().preparedQuery("""
                select coalesce(sum((l ->> 'quantity')::int), 0)::int
                from orders o join order_legs g on g.order_id = o.order_id, jsonb_array_elements(g.lines) l
                where o.client_id = $1 and o.customer_ref = $2 and o.status not in ('REJECTED', 'CANCELLED', 'FAILED')
                  and l ->> 'gtin' = $3""").execute(Tuple.of(clientId, customerRef, RICE.value())));
        return rows.iterator().next().getInteger(0);
    }
}
