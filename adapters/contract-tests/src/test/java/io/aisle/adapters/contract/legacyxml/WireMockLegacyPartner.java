package io.aisle.adapters.contract.legacyxml;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aisle.adapters.contract.WireMockPartner;
import io.aisle.adapters.legacyxml.LegacyXmlAdapter;
import io.aisle.adapters.legacyxml.ProductCodeTable;
import io.aisle.adapters.legacyxml.ProductMapping;
import io.aisle.adapters.legacyxml.protocol.Documents;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A legacy XML chain played by WireMock stubs on a dynamic port. Every call goes to the same few paths,
 * so a store's stubs match its branch code in the document ({@code /*[@branch='WM0001']}). Each fresh
 * store sells one loose product, {@value #STOCK_JIN} jin of it ({@value #STOCK_UNITS} of our 1 kg units)
 * at {@value #PRICE_PER_JIN_FEN} fen a jin, and has a scenario for its state: a reservation moves it to
 * HELD ({@value #HOLD_JIN} jin, the suite's hold of 2 units, set aside); a repeated reservation in HELD
 * answers {@code duplicate="Y"}; a reservation of more than there is answers E102; a reservation
 * cancel moves it to RELEASED (another finds NOT_FOUND); an order cancel to CANCELLED; the clock passing
 * the expiry to EXPIRED. The model stubs require the chain's {@code X-JZ-ApiKey}; without it the chain
 * answers E110, for an unknown branch E103. Faults are stubs of higher priority.
 */
public final class WireMockLegacyPartner extends WireMockPartner {

    public static final String CHAIN_ID = "wm-legacy";
    public static final String API_KEY = "wm-jz-key-51a0";
    public static final String BASE_PATH = "/legacy-xml";
    public static final Gtin SOLD = Gtin.fromPrefix("211000700000");
    public static final String SOLD_CODE = "WM-200007";
    public static final Gtin NOT_SOLD = Gtin.fromPrefix("690987654321");
    public static final String NOT_SOLD_CODE = "WM-100321";
    public static final int STOCK_UNITS = 12;
    public static final int STOCK_JIN = STOCK_UNITS * 2;
    public static final int HOLD_JIN = 2 * 2;
    public static final long PRICE_PER_JIN_FEN = 650;

    private static final List<String> NOT_HELD = List.of(Scenario.STARTED, RELEASED, EXPIRED, CANCELLED);

    private final LegacyXmlAdapter adapter;
    private final AtomicInteger stores = new AtomicInteger();
    private final Map<String, String> storeByBranch = new ConcurrentHashMap<>();

    public WireMockLegacyPartner(Vertx vertx, Duration callTimeout) {
        super(callTimeout, SOLD, NOT_SOLD, STOCK_UNITS);
        installChainAnswers();
        ProductCodeTable codes = new ProductCodeTable(List.of(
                new ProductMapping(CHAIN_ID, SOLD, SOLD_CODE, 2),
                new ProductMapping(CHAIN_ID, NOT_SOLD, NOT_SOLD_CODE, 1)));
        this.adapter = LegacyXmlAdapter.create(vertx, new ChainEndpoint(CHAIN_ID, PartnerKind.LEGACY_XML, server.baseUrl() + BASE_PATH, API_KEY,
                null, 8, 32, callTimeout), codes);
        warmUp("warm-up-", freshStore(), SOLD, 2);
    }

    @Override
    public ChainAdapter adapter() {
        return adapter;
    }

    @Override
    public StoreRef freshStore() {
        int n = stores.incrementAndGet();
        StoreRef store = new StoreRef("wm-legacy-store-" + n, CHAIN_ID, String.format(Locale.ROOT, "WM%04d", n));
        storeByBranch.put(store.partnerStoreId(), store.storeId());
        installStore(store);
        return store;
    }

    @Override
    public StoreRef unknownStore() {
        return new StoreRef("wm-legacy-unknown", CHAIN_ID, "WM9999");
    }

    @Override
    public int stockOf(StoreRef store, Gtin gtin) {
        if (!SOLD.equals(gtin)) {
            throw new IllegalArgumentException(gtin + " is not sold at " + store.storeId());
        }
        return (HELD.equals(stateOf(store)) ? STOCK_JIN - HOLD_JIN : STOCK_JIN) / 2;
    }

    @Override
    public Set<String> pickListsReceived(StoreRef store) {
        Set<String> ids = new HashSet<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlPathEqualTo(BASE_PATH + "/api/picklist")).withRequestBody(ofBranch(store)))) {
            ids.add(LegacyXml.read(request.getBody(), Documents.PickList.class).listNo());
        }
        return ids;
    }

    @Override
    public void injectFault(StoreRef store, FaultMode mode, long latencyMs) {
        removeFaults(store.storeId());
        List<StubMapping> stubs = new ArrayList<>();
        switch (mode) {
            case NONE -> {
            }
            case HANG -> stubs.add(server.stubFor(fault(store, "/api/.*").willReturn(aResponse().withStatus(200).withFixedDelay((int) HANG_MS))));
            case SLOW -> stubs.add(server.stubFor(fault(store, "/api/stock/query").willReturn(xml(stockReply(store, STOCK_JIN)).withFixedDelay((int) latencyMs))));
            case ERROR -> {
                stubs.add(server.stubFor(fault(store, "/api/stock/query").willReturn(xml("<Error code=\"E500\" msg=\"system error\"/>"))));
                stubs.add(server.stubFor(fault(store, "/api/reserve.*").willReturn(aResponse().withStatus(500)
                        .withHeader("Content-Type", "text/html").withBody("<html><body><h1>500 Internal Server Error</h1></body></html>"))));
            }
            case RESET -> stubs.add(server.stubFor(fault(store, "/api/.*").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
            case GARBAGE -> {
                stubs.add(server.stubFor(fault(store, "/api/stock/query").willReturn(xml("<StockReply branch=\"" + store.partnerStoreId() + "\" time=\"20"))));
                stubs.add(server.stubFor(fault(store, "/api/reserve.*").willReturn(xml("<Response><Result>OK</Result></Response>"))));
            }
            case RATELIMIT -> stubs.add(server.stubFor(fault(store, "/api/.*").willReturn(xml("<Error code=\"E200\" msg=\"system busy\" retry=\"1\"/>"))));
            case OUTOFSTOCK -> {
                stubs.add(server.stubFor(fault(store, "/api/stock/query").willReturn(xml(stockReply(store, 0)))));
                stubs.add(server.stubFor(fault(store, "/api/reserve").willReturn(xml("<Error code=\"E102\" msg=\"insufficient stock\"/>"))));
            }
            default -> throw new IllegalArgumentException("unknown fault " + mode);
        }
        faultsOf(store.storeId(), stubs);
    }


    // --- the chain's stubs -------------------------------------------------------------------------

    /** What the chain answers whatever the branch: E110 without the key, E103 for a branch it does not have. */
    private void installChainAnswers() {
        server.stubFor(post(urlPathMatching(BASE_PATH + "/api/.*")).atPriority(10)
                .willReturn(xml("<Error code=\"E110\" msg=\"authentication failed\"/>")));
        server.stubFor(authorised(post(urlPathMatching(BASE_PATH + "/api/.*"))).atPriority(9)
                .willReturn(xml("<Error code=\"E103\" msg=\"unknown branch\"/>")));
    }

    private void installStore(StoreRef store) {
        String scenario = store.storeId();
        String branch = store.partnerStoreId();
        for (String state : NOT_HELD) {
            server.stubFor(model(store, "/api/stock/query").inScenario(scenario).whenScenarioStateIs(state).willReturn(xml(stockReply(store, STOCK_JIN))));
            server.stubFor(model(store, "/api/reserve").atPriority(5).inScenario(scenario).whenScenarioStateIs(state).willSetStateTo(HELD)
                    .willReturn(reservationEcho(branch, "N")));
        }
        server.stubFor(model(store, "/api/stock/query").inScenario(scenario).whenScenarioStateIs(HELD)
                .willReturn(xml(stockReply(store, STOCK_JIN - HOLD_JIN))));
        server.stubFor(model(store, "/api/reserve").atPriority(2)
                .withRequestBody(matchingXPath("/Reserve/Item[@qty > " + STOCK_JIN + "]"))
                .willReturn(xml("<Error code=\"E102\" msg=\"insufficient stock\"/>")));
        server.stubFor(model(store, "/api/reserve").atPriority(5).inScenario(scenario).whenScenarioStateIs(HELD)
                .willReturn(reservationEcho(branch, "Y")));

        server.stubFor(model(store, "/api/reserve/cancel").atPriority(5).inScenario(scenario).whenScenarioStateIs(HELD).willSetStateTo(RELEASED)
                .willReturn(echo("<ReserveCancelReply branch=\"" + branch + "\" reserveNo=\"{{xPath request.body '/ReserveCancel/@reserveNo'}}\" result=\"CANCELLED\"/>")));
        server.stubFor(model(store, "/api/reserve/cancel").atPriority(6)
                .willReturn(echo("<ReserveCancelReply branch=\"" + branch + "\" reserveNo=\"{{xPath request.body '/ReserveCancel/@reserveNo'}}\" result=\"NOT_FOUND\"/>")));

        server.stubFor(model(store, "/api/picklist")
                .willReturn(echo("<PickListReply branch=\"" + branch + "\" listNo=\"{{xPath request.body '/PickList/@listNo'}}\" duplicate=\"N\"/>")));

        for (String state : List.of(Scenario.STARTED, HELD)) {
            server.stubFor(model(store, "/api/order/cancel").atPriority(5).inScenario(scenario).whenScenarioStateIs(state).willSetStateTo(CANCELLED)
                    .willReturn(echo("<OrderCancelReply branch=\"" + branch + "\" orderNo=\"{{xPath request.body '/OrderCancel/@orderNo'}}\" released=\"1\"/>")));
        }
        server.stubFor(model(store, "/api/order/cancel").atPriority(6)
                .willReturn(echo("<OrderCancelReply branch=\"" + branch + "\" orderNo=\"{{xPath request.body '/OrderCancel/@orderNo'}}\" released=\"0\"/>")));
    }

    private MappingBuilder model(StoreRef store, String path) {
        return authorised(post(urlPathEqualTo(BASE_PATH + path))).withRequestBody(ofBranch(store));
    }

    private MappingBuilder fault(StoreRef store, String pathPattern) {
        return post(urlPathMatching(BASE_PATH + pathPattern)).withRequestBody(ofBranch(store)).atPriority(1);
    }

    private static MappingBuilder authorised(MappingBuilder mapping) {
        return mapping.withHeader(LegacyXml.API_KEY_HEADER, equalTo(API_KEY));
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern ofBranch(StoreRef store) {
        return matchingXPath("/*[@branch='" + store.partnerStoreId() + "']");
    }

    private static ResponseDefinitionBuilder reservationEcho(String branch, String duplicate) {
        return echo("<ReserveReply branch=\"" + branch + "\" reserveNo=\"{{xPath request.body '/Reserve/@reserveNo'}}\""
                + " orderNo=\"{{xPath request.body '/Reserve/@orderNo'}}\" status=\"HELD\" expires=\"{{xPath request.body '/Reserve/@expires'}}\""
                + " duplicate=\"" + duplicate + "\"><Item code=\"" + SOLD_CODE + "\" qty=\"" + HOLD_JIN + "\"/></ReserveReply>");
    }

    private String stockReply(StoreRef store, int jin) {
        return "<StockReply branch=\"" + store.partnerStoreId() + "\" time=\"" + LegacyXml.time(clock.instant()) + "\">"
                + "<Item code=\"" + SOLD_CODE + "\" qty=\"" + jin + "\" priceFen=\"" + PRICE_PER_JIN_FEN + "\" unit=\"JIN\"/></StockReply>";
    }

    public static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", LegacyXml.CONTENT_TYPE)
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    private static ResponseDefinitionBuilder echo(String body) {
        return xml(body).withTransformers("response-template");
    }

    @Override
    protected StoreRef storeOf(String storeId) {
        return storeByBranch.entrySet().stream().filter(e -> e.getValue().equals(storeId)).findFirst()
                .map(e -> new StoreRef(storeId, CHAIN_ID, e.getKey()))
                .orElseThrow(() -> new IllegalStateException("no branch for " + storeId));
    }

    @Override
    protected List<TakenHold> holdsTaken(StoreRef store) {
        List<TakenHold> taken = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlPathEqualTo(BASE_PATH + "/api/reserve")).withRequestBody(ofBranch(store)))) {
            Documents.Reserve reserve = LegacyXml.read(request.getBodyAsString().getBytes(StandardCharsets.UTF_8), Documents.Reserve.class);
            if (reserve.items().stream().allMatch(item -> item.qty() <= STOCK_JIN)) {
                taken.add(new TakenHold(reserve.reserveNo(), LegacyXml.instant(reserve.expires())));
            }
        }
        return taken;
    }
}
