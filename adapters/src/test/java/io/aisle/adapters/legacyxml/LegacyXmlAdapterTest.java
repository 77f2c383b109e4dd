package io.aisle.adapters.legacyxml;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aisle.adapters.http.ChainHttpClient;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.PartnerFailure.Kind;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the legacy XML adapter puts on the wire and how it reads the chain's answers, against WireMock:
 * batching of large stock queries, product codes and jin units both ways, and every error the chain
 * can answer with.
 */
class LegacyXmlAdapterTest {

    private static final String CHAIN = "jz-test";
    private static final String API_KEY = "jz-key-7d1e";
    private static final String BASE = "/legacy-xml";
    private static final StoreRef STORE = new StoreRef("jz-test-0001", CHAIN, "JZ0001");
    private static final Instant NOW = Instant.parse("2020-01-23T02:00:00Z");
    private static final int PRODUCTS = 45;
    private static final List<Gtin> PACKAGED = new ArrayList<>();
    private static final Gtin CABBAGE = Gtin.fromPrefix("211000100000");
    private static final Gtin UNMAPPED = Gtin.fromPrefix("690999999999");

    private static Vertx vertx;
    private static WireMockServer server;
    private static LegacyXmlAdapter adapter;
    private static ChainHttpClient http;

    @BeforeAll
    static void start() {
        List<ProductMapping> rows = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            Gtin gtin = Gtin.fromPrefix(String.format(Locale.ROOT, "69010%07d", i));
            PACKAGED.add(gtin);
            rows.add(new ProductMapping(CHAIN, gtin, code(i), 1));
        }
        rows.add(new ProductMapping(CHAIN, CABBAGE, "JZ-200001", 2));
        vertx = Vertx.vertx();
        server = new WireMockServer(options().dynamicPort());
        server.start();
        http = ChainHttpClient.create(vertx, new ChainEndpoint(CHAIN, PartnerKind.LEGACY_XML, server.baseUrl() + BASE, API_KEY, null,
                8, 64, Duration.ofMillis(1_000)));
        adapter = new LegacyXmlAdapter(http, new ProductCodeTable(rows), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() throws TimeoutException {
        http.close();
        server.stop();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @BeforeEach
    void forgetStubsAndRequests() {
        server.resetAll();
    }

    // --- stock: batching ---------------------------------------------------------------------------

    @Test
    void asksAboutFortyFiveProductsInThreeCallsOfAtMostTwentyCodesAndMergesTheAnswers() {
        stubBatch(0, 20, "2020-01-23 10:00:05", xml(stockReply(0, 20, "2020-01-23 10:00:05")));
        stubBatch(20, 40, "2020-01-23 10:00:02", xml(stockReply(20, 40, "2020-01-23 10:00:02")));
        stubBatch(40, 45, "2020-01-23 10:00:09", xml(stockReply(40, 45, "2020-01-23 10:00:09")));

        StockAnswer answer = await(adapter.queryStock(STORE, new StockQuery(PACKAGED)));

        List<Integer> codesPerCall = server.findAll(postRequestedFor(urlPathEqualTo(BASE + "/api/stock/query"))).stream()
                .map(request -> count(request.getBodyAsString(), "<Item ")).sorted().toList();
        assertEquals(List.of(5, 20, 20), codesPerCall);
        assertEquals(STORE.storeId(), answer.storeId());
        assertEquals(PACKAGED, answer.items().stream().map(StockItem::gtin).toList(), "every product, in the order asked");
        for (int i = 0; i < PRODUCTS; i++) {
            assertEquals(new StockItem(PACKAGED.get(i), i, Money.fen(100 + i)), answer.items().get(i));
        }
        assertEquals(Instant.parse("2020-01-23T02:00:02Z"), answer.asOf(), "the oldest of the merged answers");
    }

    @Test
    void oneBusyBatchFailsTheWholeQueryAsRateLimitedWithItsRetry() {
        stubBatch(0, 20, "t", xml(stockReply(0, 20, "2020-01-23 10:00:05")));
        stubBatch(20, 40, "t", xml("<Error code=\"E200\" msg=\"system busy\" retry=\"2\"/>"));
        stubBatch(40, 45, "t", xml(stockReply(40, 45, "2020-01-23 10:00:05")));

        PartnerFailure failure = assertFailure(Kind.RATE_LIMITED, adapter.queryStock(STORE, new StockQuery(PACKAGED)));

        assertEquals(Duration.ofSeconds(2), failure.retryAfter());
    }

    @Test
    void oneCrashedBatchFailsTheWholeQueryAsUnavailable() {
        stubBatch(0, 20, "t", xml(stockReply(0, 20, "2020-01-23 10:00:05")));
        stubBatch(20, 40, "t", xml(stockReply(20, 40, "2020-01-23 10:00:05")));
        stubBatch(40, 45, "t", aResponse().withStatus(500).withHeader("Content-Type", "text/html").withBody("<html>500</html>"));

        assertFailure(Kind.UNAVAILABLE, adapter.queryStock(STORE, new StockQuery(PACKAGED)));
    }

    // --- stock: codes and units --------------------------------------------------------------------

    @Test
    void leavesOutProductsWithoutACodeAndNeverAsksTheChainAboutThem() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/stock/query")).willReturn(xml(
                "<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:00:00\"><Item code=\"" + code(0) + "\" qty=\"5\" priceFen=\"990\" unit=\"EA\"/></StockReply>")));

        StockAnswer answer = await(adapter.queryStock(STORE, new StockQuery(List.of(UNMAPPED, PACKAGED.get(0)))));

        assertEquals(List.of(new StockItem(PACKAGED.get(0), 5, Money.fen(990))), answer.items());
        server.verify(postRequestedFor(urlPathEqualTo(BASE + "/api/stock/query"))
                .withRequestBody(equalToXml("<StockQuery branch=\"JZ0001\"><Item code=\"" + code(0) + "\"/></StockQuery>")));
    }

    @Test
    void answersNothingWithoutCallingWhenNoProductHasACode() {
        StockAnswer answer = await(adapter.queryStock(STORE, new StockQuery(List.of(UNMAPPED))));

        assertTrue(answer.items().isEmpty());
        assertEquals(NOW, answer.asOf());
        assertEquals(0, server.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void convertsLooseProduceFromJinToOurKilogramUnits() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/stock/query")).willReturn(xml(
                "<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:00:00\"><Item code=\"JZ-200001\" qty=\"7\" priceFen=\"650\" unit=\"JIN\"/></StockReply>")));

        StockAnswer answer = await(adapter.queryStock(STORE, new StockQuery(List.of(CABBAGE))));

        assertEquals(List.of(new StockItem(CABBAGE, 3, Money.fen(1_300))), answer.items(), "7 jin is 3 whole kg; 650 fen a jin is 1300 a kg");
    }

    @Test
    void readsAnOversoldNegativeLevelAsNoneAndLeavesOutUnpricedItems() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/stock/query")).willReturn(xml("<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:00:00\">"
                + "<Item code=\"" + code(0) + "\" qty=\"-4\" priceFen=\"990\" unit=\"EA\"/>"
                + "<Item code=\"" + code(1) + "\" qty=\"9\" priceFen=\"0\" unit=\"EA\"/></StockReply>")));

        StockAnswer answer = await(adapter.queryStock(STORE, new StockQuery(List.of(PACKAGED.get(0), PACKAGED.get(1)))));

        assertEquals(List.of(new StockItem(PACKAGED.get(0), 0, Money.fen(990))), answer.items());
    }

    @Test
    void anAnswerForAnotherBranchIsMalformed() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/stock/query")).willReturn(xml(
                "<StockReply branch=\"JZ0002\" time=\"2020-01-23 10:00:00\"/>")));

        assertFailure(Kind.MALFORMED, adapter.queryStock(STORE, new StockQuery(List.of(PACKAGED.get(0)))));
    }

    @Test
    void sendsTheKeyInTheChainsOwnHeaderAndNoBearerToken() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/stock/query")).willReturn(xml("<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:00:00\"/>")));

        await(adapter.queryStock(STORE, new StockQuery(List.of(PACKAGED.get(0)))));

        server.verify(postRequestedFor(urlPathEqualTo(BASE + "/api/stock/query"))
                .withHeader("X-JZ-ApiKey", equalTo(API_KEY))
                .withHeader("Authorization", absent())
                .withHeader("Content-Type", equalTo("text/xml; charset=UTF-8")));
    }

    @Test
    void aMappingThatCannotBeReadFailsAsUnavailableWithoutACall() {
        ProductCodeMapping broken = (chain, gtins) -> Future.failedFuture(new IllegalStateException("registry down"));
        LegacyXmlAdapter withBrokenMapping = new LegacyXmlAdapter(http, broken, Clock.systemUTC());

        assertFailure(Kind.UNAVAILABLE, withBrokenMapping.queryStock(STORE, new StockQuery(List.of(PACKAGED.get(0)))));
        assertEquals(0, server.findAll(anyRequestedFor(anyUrl())).size());
    }

    // --- errors ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "E100, REJECTED", "E101, REJECTED", "E102, REJECTED", "E103, REJECTED", "E104, REJECTED", "E110, REJECTED",
        "E200, RATE_LIMITED", "E201, UNAVAILABLE", "E500, UNAVAILABLE",
        "E199, REJECTED", "E299, UNAVAILABLE", "E599, UNAVAILABLE", "E900, MALFORMED", "OK, MALFORMED"})
    void mapsEveryErrorCodeOfTheChainToAFailureKind(String code, Kind kind) {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve")).willReturn(xml("<Error code=\"" + code + "\" msg=\"as documented\"/>")));

        PartnerFailure failure = assertFailure(kind, adapter.hold(STORE, holdOf(PACKAGED.get(0), 1)));

        assertTrue(failure.getMessage().contains(code), failure.getMessage());
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"500, UNAVAILABLE", "502, UNAVAILABLE", "503, UNAVAILABLE", "429, RATE_LIMITED", "404, REJECTED", "403, REJECTED"})
    void mapsPlainHttpFailuresOfTheChainsWebServer(int status, Kind kind) {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "text/html").withHeader("Retry-After", "4").withBody("<html><body>" + status + "</body></html>")));

        PartnerFailure failure = assertFailure(kind, adapter.hold(STORE, holdOf(PACKAGED.get(0), 1)));

        if (kind == Kind.RATE_LIMITED) {
            assertEquals(Duration.ofSeconds(4), failure.retryAfter());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "broken XML | <ReserveReply branch=\"JZ0001\" reserveNo=",
        "an HTML page | <html><body>Session expired</body></html>",
        "another document | <StockReply branch=\"JZ0001\" time=\"2020-01-23 10:00:00\"/>",
        "a missing attribute | <ReserveReply branch=\"JZ0001\" orderNo=\"o\" status=\"HELD\" expires=\"2020-01-23 10:30:00\" duplicate=\"N\"><Item code=\"c\" qty=\"1\"/></ReserveReply>",
        "JSON | {\"status\":\"ok\"}",
        "nothing | ''"})
    void answersThatAreNotTheExpectedDocumentAreMalformed(String what, String body) {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve")).willReturn(xml(body)));

        assertFailure(Kind.MALFORMED, adapter.hold(STORE, holdOf(PACKAGED.get(0), 1)));
    }

    // --- holds, pick lists, cancellation -----------------------------------------------------------

    @Test
    void holdsLooseProduceInJinAndReadsTheHoldBackInOurUnits() {
        HoldRequest request = new HoldRequest("hold-1", "order-1", List.of(new HoldLine(CABBAGE, 2), new HoldLine(PACKAGED.get(3), 1)),
                Instant.parse("2020-01-23T02:10:00.250Z"));
        server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve")).willReturn(xml(
                "<ReserveReply branch=\"JZ0001\" reserveNo=\"hold-1\" orderNo=\"order-1\" status=\"HELD\" expires=\"2020-01-23 10:10:01\" duplicate=\"N\">"
                        + "<Item code=\"JZ-200001\" qty=\"4\"/><Item code=\"" + code(3) + "\" qty=\"1\"/></ReserveReply>")));

        Hold hold = await(adapter.hold(STORE, request));

        server.verify(postRequestedFor(urlPathEqualTo(BASE + "/api/reserve")).withRequestBody(equalToXml(
                "<Reserve branch=\"JZ0001\" reserveNo=\"hold-1\" orderNo=\"order-1\" expires=\"2020-01-23 10:10:01\">"
                        + "<Item code=\"JZ-200001\" qty=\"4\"/><Item code=\"" + code(3) + "\" qty=\"1\"/></Reserve>")));
        assertEquals(new Hold("hold-1", STORE.storeId(), "order-1", HoldStatus.HELD, request.lines(), Instant.parse("2020-01-23T02:10:01Z")), hold);
    }

    @Test
    void aHoldOfProduceInHalfKilogramsIsMalformed() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve")).willReturn(xml(
                "<ReserveReply branch=\"JZ0001\" reserveNo=\"hold-1\" orderNo=\"order-1\" status=\"HELD\" expires=\"2020-01-23 10:10:00\" duplicate=\"N\">"
                        + "<Item code=\"JZ-200001\" qty=\"3\"/></ReserveReply>")));

        assertFailure(Kind.MALFORMED, adapter.hold(STORE, new HoldRequest("hold-1", "order-1", List.of(new HoldLine(CABBAGE, 2)), NOW.plusSeconds(600))));
    }

    @Test
    void aHoldAnsweredForAnotherReservationIsMalformed() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve")).willReturn(xml(
                "<ReserveReply branch=\"JZ0001\" reserveNo=\"hold-9\" orderNo=\"order-1\" status=\"HELD\" expires=\"2020-01-23 10:10:00\" duplicate=\"Y\">"
                        + "<Item code=\"" + code(0) + "\" qty=\"1\"/></ReserveReply>")));

        assertFailure(Kind.MALFORMED, adapter.hold(STORE, new HoldRequest("hold-1", "order-1", List.of(new HoldLine(PACKAGED.get(0), 1)), NOW.plusSeconds(600))));
    }

    @Test
    void refusesToHoldAProductWithoutACodeWithoutCallingTheChain() {
        PartnerFailure failure = assertFailure(Kind.REJECTED, adapter.hold(STORE, holdOf(UNMAPPED, 1)));

        assertTrue(failure.getMessage().contains(UNMAPPED.value()), failure.getMessage());
        assertEquals(0, server.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void releasesAReservationByItsNumberWhateverTheChainStillHad() {
        for (String result : List.of("CANCELLED", "NOT_FOUND", "CLOSED")) {
            server.stubFor(post(urlPathEqualTo(BASE + "/api/reserve/cancel")).willReturn(xml(
                    "<ReserveCancelReply branch=\"JZ0001\" reserveNo=\"hold-1\" result=\"" + result + "\"/>")));

            await(adapter.release(STORE, "hold-1"));
        }

        server.verify(3, postRequestedFor(urlPathEqualTo(BASE + "/api/reserve/cancel"))
                .withRequestBody(equalToXml("<ReserveCancel branch=\"JZ0001\" reserveNo=\"hold-1\"/>")));
    }

    @Test
    void sendsAPickListInChainCodesAndJin() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/picklist")).willReturn(xml("<PickListReply branch=\"JZ0001\" listNo=\"pick-1\" duplicate=\"N\"/>")));
        PickList pickList = new PickList("pick-1", STORE.storeId(), "wave-1", Instant.parse("2020-01-23T02:30:00Z"), List.of(
                new PickLine(PACKAGED.get(2), 3, "dry-goods", "A01", List.of(new OrderSplit("order-a", 1), new OrderSplit("order-b", 2))),
                new PickLine(CABBAGE, 1, "produce", "F02", List.of(new OrderSplit("order-a", 1)))));

        await(adapter.submitPickList(STORE, pickList));

        server.verify(postRequestedFor(urlPathEqualTo(BASE + "/api/picklist")).withRequestBody(equalToXml(
                "<PickList branch=\"JZ0001\" listNo=\"pick-1\" waveNo=\"wave-1\" readyBy=\"2020-01-23 10:30:00\">"
                        + "<Line code=\"" + code(2) + "\" qty=\"3\" zone=\"dry-goods\" aisle=\"A01\"><Order orderNo=\"order-a\" qty=\"1\"/><Order orderNo=\"order-b\" qty=\"2\"/></Line>"
                        + "<Line code=\"JZ-200001\" qty=\"2\" zone=\"produce\" aisle=\"F02\"><Order orderNo=\"order-a\" qty=\"2\"/></Line></PickList>")));
    }

    @Test
    void cancelsAnOrderByItsNumber() {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/order/cancel")).willReturn(xml("<OrderCancelReply branch=\"JZ0001\" orderNo=\"order-1\" released=\"2\"/>")));

        await(adapter.cancel(STORE, "order-1"));

        server.verify(postRequestedFor(urlPathEqualTo(BASE + "/api/order/cancel"))
                .withRequestBody(equalToXml("<OrderCancel branch=\"JZ0001\" orderNo=\"order-1\"/>")));
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static String code(int product) {
        return String.format(Locale.ROOT, "JZ-1%05d", product);
    }

    private static void stubBatch(int from, int to, String name, ResponseDefinitionBuilder answer) {
        server.stubFor(post(urlPathEqualTo(BASE + "/api/stock/query"))
                .withRequestBody(matchingXPath("/StockQuery/Item[@code='" + code(from) + "']"))
                .willReturn(answer));
    }

    /** Product i has i units at 100 + i fen. */
    private static String stockReply(int from, int to, String time) {
        StringBuilder xml = new StringBuilder("<StockReply branch=\"JZ0001\" time=\"" + time + "\">");
        for (int i = from; i < to; i++) {
            xml.append("<Item code=\"").append(code(i)).append("\" qty=\"").append(i).append("\" priceFen=\"").append(100 + i).append("\" unit=\"EA\"/>");
        }
        return xml.append("</StockReply>").toString();
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml; charset=UTF-8").withBody(body);
    }

    private static HoldRequest holdOf(Gtin gtin, int units) {
        return new HoldRequest("hold-" + System.nanoTime(), "order-1", List.of(new HoldLine(gtin, units)), NOW.plusSeconds(600));
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within 10 s", e);
        }
    }

    private static PartnerFailure assertFailure(Kind kind, Future<?> future) {
        try {
            Object value = future.await(10, TimeUnit.SECONDS);
            return fail("expected a " + kind + " failure, got " + value);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within 10 s; expected a " + kind + " failure", e);
        } catch (PartnerFailure failure) {
            assertEquals(kind, failure.kind(), failure.getMessage());
            return failure;
        }
    }
}
