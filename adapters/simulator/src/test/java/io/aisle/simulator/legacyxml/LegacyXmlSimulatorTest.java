package io.aisle.adapters.legacyxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.legacyxml.protocol.Documents;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.FleetServer;
import io.aisle.simulator.RunningFleet;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.legacyxml.LegacyChainCodes;
import io.aisle.simulator.legacyxml.LegacyXmlSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated legacy chain, spoken to in its own XML over real HTTP, sharing the fleet's state. */
class LegacyXmlSimulatorTest {

    private static final String KEY = FleetSpec.defaultChains().get(1).apiKey();

    private static Vertx vertx;
    private static Fleet fleet;
    private static RunningFleet running;
    private static WebClient client;
    private static LegacyChainCodes codes;

    @BeforeAll
    static void start() throws TimeoutException {
        vertx = Vertx.vertx();
        fleet = Fleet.build(FleetSpec.withStoresPerChain(6), Catalogue.standard(), Clock.systemUTC());
        running = FleetServer.start(vertx, fleet, FleetServer.Options.ephemeral()).await(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
        codes = LegacyChainCodes.of(fleet, FleetSpec.JIUZHOU_LEGACY);
    }

    @AfterAll
    static void stop() throws TimeoutException {
        client.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void clearFaults() {
        fleet.clearFaults();
    }

    // --- codes -------------------------------------------------------------------------------------

    @Test
    void givesEveryProductAndBranchTheSameCodeInEveryFleetBuiltFromTheSameSpec() {
        Fleet again = Fleet.build(FleetSpec.withStoresPerChain(6), Catalogue.standard(), Clock.systemUTC());

        assertEquals(codes.productMappings(), LegacyChainCodes.of(again, FleetSpec.JIUZHOU_LEGACY).productMappings());
        assertEquals(fleet.catalogue().size(), codes.productMappings().size());
        Store first = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(0);
        assertEquals("JZ0001", codes.branchOf(first));
        assertEquals(first, codes.store("JZ0001").orElseThrow());
        assertTrue(codes.productMappings().stream().allMatch(row -> row.partnerCode().code().matches("JZ-\\d{6}")));
    }

    @Test
    void countsLooseProduceInJinTwoToOurUnitAndEverythingElseEach() {
        for (CatalogueItem item : fleet.catalogue().items()) {
            assertEquals(item.loose() ? 2 : 1, codes.code(item.gtin()).orElseThrow().unitsPerUnit(), item.name());
        }
        ProductCodeTable table = LegacyChainCodes.productCodes(fleet);
        assertEquals(codes.productMappings(), table.rows(), "dev mode seeds product_mappings from these rows");
    }

    // --- calls -------------------------------------------------------------------------------------

    @Test
    void answersStockOfLooseProduceInJinAtThePriceOfAJin() {
        Store store = storeWithLooseProduce();
        CatalogueItem loose = store.assortment().stream().filter(CatalogueItem::loose).findFirst().orElseThrow();
        int units = store.available(loose.gtin()).orElseThrow();
        long unitPrice = store.price(loose.gtin()).orElseThrow().amount();

        Documents.StockReply reply = call("/api/stock/query", new Documents.StockQuery(codes.branchOf(store),
                List.of(new Documents.ItemCode(code(loose.gtin())))), Documents.StockReply.class);

        assertEquals(List.of(new Documents.StockLevel(code(loose.gtin()), units * 2, unitPrice / 2, "JIN")), reply.items());
    }

    @Test
    void leavesOutCodesTheBranchDoesNotSellOrTheChainDoesNotKnow() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(1);
        Gtin notCarried = fleet.catalogue().items().stream().map(CatalogueItem::gtin).filter(g -> !store.carries(g)).findFirst().orElseThrow();
        Gtin carried = store.assortment().get(0).gtin();

        Documents.StockReply reply = call("/api/stock/query", new Documents.StockQuery(codes.branchOf(store), List.of(
                new Documents.ItemCode(code(notCarried)), new Documents.ItemCode("JZ-999999"), new Documents.ItemCode(code(carried)))),
                Documents.StockReply.class);

        assertEquals(List.of(code(carried)), reply.items().stream().map(Documents.StockLevel::code).toList());
    }

    @Test
    void refusesAStockQueryOfMoreThanTwentyCodes() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(1);
        List<Documents.ItemCode> items = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            items.add(new Documents.ItemCode(code(fleet.catalogue().item(i).gtin())));
        }

        assertEquals("E100", error(post("/api/stock/query", new Documents.StockQuery(codes.branchOf(store), items), KEY)).code());
    }

    @Test
    void refusesAWrongKeyAnUnknownBranchAndABrokenDocumentInItsOwnCodes() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(1);
        Documents.StockQuery query = new Documents.StockQuery(codes.branchOf(store), List.of(new Documents.ItemCode("JZ-100001")));

        assertEquals("E110", error(post("/api/stock/query", query, "not-the-key")).code());
        assertEquals("E103", error(post("/api/stock/query", new Documents.StockQuery("JZ9999", query.items()), KEY)).code());
        assertEquals("E100", error(send("/api/stock/query", Buffer.buffer("<StockQuery branch=\"JZ0002\">"), KEY)).code());
        assertEquals("E100", error(send("/api/stock/query", Buffer.buffer("<StockQuery branch=\"JZ0002\"/>"), KEY)).code());
    }

    @Test
    void reservesInJinWhatTheFleetThenShowsAsAnOpenHoldInOurUnits() {
        Store store = storeWithLooseProduce();
        CatalogueItem loose = store.assortment().stream().filter(i -> i.loose() && store.available(i.gtin()).orElse(0) >= 3).findFirst().orElseThrow();
        int before = store.available(loose.gtin()).orElseThrow();
        String expires = LegacyXml.time(Instant.now().plusSeconds(600));
        Documents.Reserve reserve = new Documents.Reserve(codes.branchOf(store), "hold-sim-1", "order-sim-1", expires,
                List.of(new Documents.ItemQuantity(code(loose.gtin()), 6)));

        Documents.ReserveReply first = call("/api/reserve", reserve, Documents.ReserveReply.class);
        Documents.ReserveReply again = call("/api/reserve", reserve, Documents.ReserveReply.class);

        assertEquals("N", first.duplicate());
        assertEquals("Y", again.duplicate());
        assertEquals(List.of(new Documents.ItemQuantity(code(loose.gtin()), 6)), again.items());
        assertEquals(before - 3, store.available(loose.gtin()).orElseThrow(), "6 jin are 3 of our units");
        JsonObject holds = await(client.getAbs(running.baseUrl() + "/sim/stores/" + store.id() + "/holds").send()).bodyAsJsonObject();
        assertEquals("hold-sim-1", holds.getJsonArray("holds").getJsonObject(0).getString("holdId"));
        assertEquals(3, holds.getJsonArray("holds").getJsonObject(0).getJsonArray("lines").getJsonObject(0).getInteger("quantity"));
        assertTrue(await(client.getAbs(running.baseUrl() + "/sim/stats").send()).bodyAsJsonObject().getLong("holds") >= 1);
    }

    @Test
    void refusesToReserveHalfAKilogramAnUnknownItemOrMoreThanThereIs() {
        Store store = storeWithLooseProduce();
        CatalogueItem loose = store.assortment().stream().filter(CatalogueItem::loose).findFirst().orElseThrow();
        int units = store.available(loose.gtin()).orElseThrow();
        String expires = LegacyXml.time(Instant.now().plusSeconds(600));

        assertEquals("E100", error(post("/api/reserve", reserveOf(store, code(loose.gtin()), 3, expires), KEY)).code());
        assertEquals("E101", error(post("/api/reserve", reserveOf(store, "JZ-999999", 1, expires), KEY)).code());
        assertEquals("E102", error(post("/api/reserve", reserveOf(store, code(loose.gtin()), (units + 1) * 2, expires), KEY)).code());
        assertTrue(store.openHolds().stream().noneMatch(h -> h.holdId().startsWith("hold-refused")));
    }

    @Test
    void refusesAReservationNumberUsedBeforeForOtherItems() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(3);
        List<CatalogueItem> items = store.assortment().stream().filter(i -> !i.loose() && store.available(i.gtin()).orElse(0) >= 2).toList();
        String expires = LegacyXml.time(Instant.now().plusSeconds(600));
        call("/api/reserve", new Documents.Reserve(codes.branchOf(store), "hold-reused", "order-r", expires,
                List.of(new Documents.ItemQuantity(code(items.get(0).gtin()), 1))), Documents.ReserveReply.class);

        Documents.ErrorReply refused = error(post("/api/reserve", new Documents.Reserve(codes.branchOf(store), "hold-reused", "order-r", expires,
                List.of(new Documents.ItemQuantity(code(items.get(1).gtin()), 1))), KEY));

        assertEquals("E104", refused.code());
    }

    // --- faults ------------------------------------------------------------------------------------

    @Test
    void anErroringStoreAnswersE500OrAPlainServerError() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(4);
        fleet.setStoreFault(store, Fault.of(FaultMode.ERROR, 0));
        Documents.StockQuery query = new Documents.StockQuery(codes.branchOf(store), List.of(new Documents.ItemCode(code(store.assortment().get(0).gtin()))));

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<Buffer> response = post("/api/stock/query", query, KEY);
            seen.add(response.statusCode() == 500 ? "HTTP 500" : error(response).code());
        }

        assertEquals(Set.of("E500", "HTTP 500"), seen);
    }

    @Test
    void aRateLimitedChainAnswersE200OrTooManyRequestsAndSaysWhenToComeBack() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(4);
        fleet.setChainFault(FleetSpec.JIUZHOU_LEGACY, Fault.of(FaultMode.RATELIMIT, 0));
        Documents.StockQuery query = new Documents.StockQuery(codes.branchOf(store), List.of(new Documents.ItemCode(code(store.assortment().get(0).gtin()))));

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<Buffer> response = post("/api/stock/query", query, KEY);
            if (response.statusCode() == 429) {
                assertNotNull(response.getHeader("Retry-After"));
                seen.add("HTTP 429");
            } else {
                Documents.ErrorReply busy = error(response);
                assertNotNull(busy.retry());
                seen.add(busy.code());
            }
        }

        assertEquals(Set.of("E200", "HTTP 429"), seen);
    }

    @Test
    void aGarblingStoreAnswersWhatNoXmlReaderCanUse() {
        Store store = fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).get(4);
        fleet.setStoreFault(store, Fault.of(FaultMode.GARBAGE, 0));
        Documents.StockQuery query = new Documents.StockQuery(codes.branchOf(store), List.of(new Documents.ItemCode(code(store.assortment().get(0).gtin()))));

        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> response = post("/api/stock/query", query, KEY);
            assertEquals(200, response.statusCode());
            boolean unreadable;
            try {
                LegacyXml.readReply(response.body().getBytes(), Documents.StockReply.class);
                unreadable = false;
            } catch (LegacyXml.InvalidDocument expected) {
                unreadable = true;
            }
            assertTrue(unreadable, "garbage #" + i + " was readable: " + response.bodyAsString());
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static Store storeWithLooseProduce() {
        return fleet.storesOf(FleetSpec.JIUZHOU_LEGACY).stream()
                .filter(s -> s.assortment().stream().anyMatch(i -> i.loose() && s.available(i.gtin()).orElse(0) >= 3))
                .findFirst().orElseThrow();
    }

    private static Documents.Reserve reserveOf(Store store, String code, int qty, String expires) {
        return new Documents.Reserve(codes.branchOf(store), "hold-refused-" + System.nanoTime(), "order-x", expires,
                List.of(new Documents.ItemQuantity(code, qty)));
    }

    private static String code(Gtin gtin) {
        return codes.code(gtin).orElseThrow().code();
    }

    private static <T> T call(String path, Object document, Class<T> replyType) {
        HttpResponse<Buffer> response = post(path, document, KEY);
        assertEquals(200, response.statusCode());
        LegacyXml.Reply<T> reply = LegacyXml.readReply(response.body().getBytes(), replyType);
        assertFalse(reply.error() != null, () -> "the chain refused: " + reply.error());
        return reply.document();
    }

    private static Documents.ErrorReply error(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return LegacyXml.read(response.body().getBytes(), Documents.ErrorReply.class);
    }

    private static HttpResponse<Buffer> post(String path, Object document, String key) {
        return send(path, Buffer.buffer(LegacyXml.write(document)), key);
    }

    private static HttpResponse<Buffer> send(String path, Buffer body, String key) {
        return await(client.postAbs(LegacyXmlSimulator.baseUrl(running) + path)
                .putHeader(LegacyXml.API_KEY_HEADER, key)
                .putHeader("Content-Type", LegacyXml.CONTENT_TYPE)
                .sendBuffer(body));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }
}
