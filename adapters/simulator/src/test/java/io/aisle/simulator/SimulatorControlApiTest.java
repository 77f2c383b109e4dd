package io.aisle.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fleet's /sim control API as tests, dev mode and load testers use it, over real HTTP. */
@ExtendWith(VertxExtension.class)
class SimulatorControlApiTest {

    private static final String KEY = "Bearer " + FleetSpec.defaultChains().get(0).apiKey();

    private final AtomicLong trips = new AtomicLong();
    private Fleet fleet;
    private RunningFleet running;
    private WebClient client;
    private Store first;
    private Store second;

    @BeforeEach
    void startFleet(Vertx vertx) throws Exception {
        fleet = Fleet.build(FleetSpec.withStoresPerChain(5));
        List<SimulatorModule> modules = FleetServer.standardModules(vertx, fleet);
        modules.add(SimulatorModule.of(router -> router.get("/rider-dispatch/ping").handler(ctx -> ctx.end("pong")),
                () -> Map.of("trips", trips.get())));
        running = FleetServer.start(vertx, fleet, FleetServer.Options.ephemeral(), modules).await(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
        first = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        second = fleet.storesOf(FleetSpec.AISLE_MART).get(1);
    }

    @AfterEach
    void stopFleet() throws Exception {
        client.close();
        running.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void storeFaultAffectsOnlyThatStoreUntilCleared() throws Exception {
        assertEquals(200, post("/sim/stores/" + first.id() + "/faults", new JsonObject().put("mode", "error")).statusCode());

        assertEquals(503, stockQuery(first).statusCode());
        assertEquals(200, stockQuery(second).statusCode());

        post("/sim/stores/" + first.id() + "/faults", new JsonObject().put("mode", "none"));
        assertEquals(200, stockQuery(first).statusCode());
    }

    @Test
    void chainFaultAffectsEveryStoreWithoutAFaultOfItsOwn() throws Exception {
        post("/sim/chains/" + FleetSpec.AISLE_MART + "/faults", new JsonObject().put("mode", "ratelimit"));
        post("/sim/stores/" + second.id() + "/faults", new JsonObject().put("mode", "error"));

        HttpResponse<Buffer> limited = stockQuery(first);
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.getHeader("Retry-After"));
        assertEquals(503, stockQuery(second).statusCode());

        post("/sim/chains/" + FleetSpec.AISLE_MART + "/faults", new JsonObject().put("mode", "none"));
        assertEquals(200, stockQuery(first).statusCode());
        assertEquals(503, stockQuery(second).statusCode());
    }

    @Test
    void refusesAnUnknownModeAndAnUnknownStore() throws Exception {
        HttpResponse<Buffer> badMode = post("/sim/stores/" + first.id() + "/faults", new JsonObject().put("mode", "explode"));
        assertEquals(422, badMode.statusCode());
        assertEquals("application/problem+json", badMode.getHeader("Content-Type"));
        assertEquals(404, post("/sim/stores/nowhere-0001/faults", new JsonObject().put("mode", "hang")).statusCode());
        assertEquals(404, post("/sim/chains/nobody/faults", new JsonObject().put("mode", "hang")).statusCode());
        assertEquals(422, post("/sim/stores/" + first.id() + "/faults", new JsonObject().put("mode", "slow").put("latencyMs", -5)).statusCode());
    }

    @Test
    void listsTheHoldsOpenAtAStore() throws Exception {
        String gtin = first.assortment().stream().filter(i -> first.available(i.gtin()).orElse(0) >= 2).findFirst().orElseThrow().gtin().value();
        JsonObject hold = new JsonObject().put("holdId", "h-1").put("orderId", "o-1")
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", gtin).put("quantity", 2)))
                .put("expiresAt", Instant.now().plusSeconds(600).toString());
        assertEquals(201, partnerCall("PUT", first, "/holds/h-1", hold).statusCode());

        JsonArray holds = get("/sim/stores/" + first.id() + "/holds").getJsonArray("holds");

        assertEquals(1, holds.size());
        assertEquals("h-1", holds.getJsonObject(0).getString("holdId"));
        assertEquals("HELD", holds.getJsonObject(0).getString("status"));
        assertEquals(0, get("/sim/stores/" + second.id() + "/holds").getJsonArray("holds").size());
    }

    @Test
    void listsTheHoldsOpenAcrossTheFleetWithTheirOrdersAndStores() throws Exception {
        String gtin = first.assortment().stream().filter(i -> first.available(i.gtin()).orElse(0) >= 1).findFirst().orElseThrow().gtin().value();
        JsonObject hold = new JsonObject().put("holdId", "h-fleet").put("orderId", "o-fleet")
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", gtin).put("quantity", 1)))
                .put("expiresAt", Instant.now().plusSeconds(600).toString());
        assertEquals(201, partnerCall("PUT", first, "/holds/h-fleet", hold).statusCode());

        JsonArray holds = get("/sim/holds").getJsonArray("holds");

        assertEquals(1, holds.size());
        assertEquals("o-fleet", holds.getJsonObject(0).getString("orderId"));
        assertEquals(first.id(), holds.getJsonObject(0).getString("storeId"));
        assertEquals(204, partnerCall("DELETE", first, "/holds/h-fleet", null).statusCode());
        assertEquals(0, get("/sim/holds").getJsonArray("holds").size(), "a released hold is no longer open");
    }

    @Test
    void statsCountCallsHoldsPickListsAndWhatModulesReport() throws Exception {
        stockQuery(first);
        stockQuery(second);
        String gtin = first.assortment().stream().filter(i -> first.available(i.gtin()).orElse(0) >= 1).findFirst().orElseThrow().gtin().value();
        partnerCall("PUT", first, "/holds/h-9", new JsonObject().put("holdId", "h-9").put("orderId", "o-9")
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", gtin).put("quantity", 1)))
                .put("expiresAt", Instant.now().plusSeconds(600).toString()));
        JsonObject pickList = new JsonObject().put("pickListId", "p-1").put("storeId", first.id()).put("waveId", "w-1")
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", gtin).put("quantity", 1).put("zone", "z").put("aisle", "a")
                        .put("orders", new JsonArray().add(new JsonObject().put("orderId", "o-9").put("quantity", 1)))));
        assertEquals(202, partnerCall("PUT", first, "/pick-lists/p-1", pickList).statusCode());
        partnerCall("PUT", first, "/pick-lists/p-1", pickList);
        trips.set(4);

        JsonObject stats = get("/sim/stats");

        assertEquals(15, stats.getLong("stores"));
        assertEquals(5, stats.getLong("calls"));
        assertEquals(2, stats.getLong("stockQueries"));
        assertEquals(1, stats.getLong("holds"));
        assertEquals(1, stats.getLong("openHolds"));
        assertEquals(1, stats.getLong("pickLists"));
        assertEquals(4, stats.getLong("trips"));
    }

    @Test
    void rejectsPartnerCallsWithoutTheChainsKeyAndForStoresOfOtherKinds() throws Exception {
        HttpResponse<Buffer> noKey = await(client.postAbs(running.partnerApiBaseUrl() + "/v1/stores/" + first.id() + "/stock-queries")
                .sendJsonObject(new JsonObject().put("gtins", new JsonArray().add(first.assortment().get(0).gtin().value()))));
        assertEquals(401, noKey.statusCode());

        Store legacy = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(0);
        assertEquals(404, stockQuery(legacy).statusCode());
    }

    @Test
    void setsAndReadsAStoresStock() throws Exception {
        String gtin = first.assortment().get(0).gtin().value();

        HttpResponse<Buffer> set = await(client.putAbs(running.baseUrl() + "/sim/stores/" + first.id() + "/stock/" + gtin)
                .sendJsonObject(new JsonObject().put("available", 37)));

        assertEquals(200, set.statusCode());
        assertEquals(37, get("/sim/stores/" + first.id() + "/stock/" + gtin).getInteger("available"));
        assertTrue(get("/sim/stores").getJsonArray("stores").size() == 15);
        assertTrue(get("/sim/catalog?q=rice").getJsonArray("items").size() > 5);
    }

    private HttpResponse<Buffer> stockQuery(Store store) throws Exception {
        return partnerCall("POST", store, "/stock-queries", new JsonObject().put("gtins", new JsonArray().add(first.assortment().get(0).gtin().value())));
    }

    private HttpResponse<Buffer> partnerCall(String method, Store store, String path, JsonObject body) throws Exception {
        return await(client.requestAbs(io.vertx.core.http.HttpMethod.valueOf(method), running.partnerApiBaseUrl() + "/v1/stores/" + store.id() + path)
                .putHeader("Authorization", KEY)
                .sendJsonObject(body));
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
        return await(client.postAbs(running.baseUrl() + path).sendJsonObject(body));
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<Buffer> response = await(client.getAbs(running.baseUrl() + path).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(10, TimeUnit.SECONDS);
    }
}
