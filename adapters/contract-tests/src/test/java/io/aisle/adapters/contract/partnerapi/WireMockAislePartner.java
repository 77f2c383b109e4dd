package io.aisle.adapters.contract.partnerapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aisle.adapters.contract.WireMockPartner;
import io.aisle.adapters.partnerapi.AislePartnerApiAdapter;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chain speaking the Aisle partner API, played by WireMock stubs on a dynamic port. Each fresh store
 * gets its own stubs and a scenario for its state: one product with {@value #STOCK} units; a hold
 * takes {@value #HOLD_UNITS} (the contract suite's hold size) and moves the store to HELD; a replay in
 * HELD answers 200; release moves to RELEASED (a second release meets 404); cancel to CANCELLED; the
 * clock passing the hold's expiry to EXPIRED. Every model stub requires the chain's Bearer key, so a
 * request without it falls through to WireMock's 404. Faults are stubs of higher priority:
 * {@code withFixedDelay}, {@link Fault#CONNECTION_RESET_BY_PEER}, 503, 429, non-JSON and wrong-shape bodies.
 */
public final class WireMockAislePartner extends WireMockPartner {

    public static final String CHAIN_ID = "wm-chain";
    public static final String API_KEY = "wm-key-0f9c";
    public static final String BASE_PATH = "/aisle-partner";
    public static final int STOCK = 12;
    public static final int HOLD_UNITS = 2;
    public static final long PRICE_FEN = 4_990;
    public static final Gtin SOLD = Gtin.fromPrefix("690123456789");
    public static final Gtin NOT_SOLD = Gtin.fromPrefix("690987654321");

    private final ChainAdapter adapter;
    private final AtomicInteger stores = new AtomicInteger();

    public WireMockAislePartner(Vertx vertx, Duration callTimeout) {
        super(callTimeout, SOLD, NOT_SOLD, STOCK);
        this.adapter = AislePartnerApiAdapter.create(vertx, endpoint(callTimeout, 8, 32));
        StoreRef spare = new StoreRef("wm-store-warm-up", CHAIN_ID);
        installStore(spare);
        warmUp("warm-up-", spare, SOLD, HOLD_UNITS);
    }

    /** The chain's endpoint pointing at this WireMock, with the given pool bounds. */
    public ChainEndpoint endpoint(Duration timeout, int maxConnections, int maxWaitQueue) {
        return new ChainEndpoint(CHAIN_ID, PartnerKind.AISLE_PARTNER_API, server.baseUrl() + BASE_PATH, API_KEY, null,
                maxConnections, maxWaitQueue, timeout);
    }

    public static String storePath(StoreRef store) {
        return BASE_PATH + "/v1/stores/" + store.partnerStoreId();
    }

    @Override
    public ChainAdapter adapter() {
        return adapter;
    }

    @Override
    public StoreRef freshStore() {
        StoreRef store = new StoreRef("wm-store-" + stores.incrementAndGet(), CHAIN_ID);
        installStore(store);
        return store;
    }

    @Override
    public StoreRef unknownStore() {
        return new StoreRef("wm-unknown-store", CHAIN_ID);
    }

    @Override
    public int stockOf(StoreRef store, Gtin gtin) {
        if (!SOLD.equals(gtin)) {
            throw new IllegalArgumentException(gtin + " is not sold at " + store.storeId());
        }
        return HELD.equals(stateOf(store)) ? STOCK - HOLD_UNITS : STOCK;
    }

    @Override
    public Set<String> pickListsReceived(StoreRef store) {
        Set<String> ids = new HashSet<>();
        for (LoggedRequest request : server.findAll(putRequestedFor(urlPathMatching(storePath(store) + "/pick-lists/.+")))) {
            ids.add(request.getUrl().substring(request.getUrl().lastIndexOf('/') + 1));
        }
        return ids;
    }

    @Override
    protected StoreRef storeOf(String scenario) {
        return new StoreRef(scenario, CHAIN_ID);
    }

    @Override
    public void injectFault(StoreRef store, FaultMode mode, long latencyMs) {
        removeFaults(store.storeId());
        String base = storePath(store);
        List<StubMapping> stubs = new ArrayList<>();
        switch (mode) {
            case NONE -> {
            }
            case HANG -> stubs.add(server.stubFor(any(urlPathMatching(base + "/.*")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withFixedDelay((int) HANG_MS))));
            case SLOW -> stubs.add(server.stubFor(post(urlPathEqualTo(base + "/stock-queries")).atPriority(1)
                    .willReturn(json(200, stockAnswer(store, STOCK)).withFixedDelay((int) latencyMs))));
            case ERROR -> stubs.add(server.stubFor(any(urlPathMatching(base + "/.*")).atPriority(1)
                    .willReturn(problem(503, "unavailable", "down for maintenance").withHeader("Retry-After", "5"))));
            case RESET -> stubs.add(server.stubFor(any(urlPathMatching(base + "/.*")).atPriority(1)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
            case GARBAGE -> {
                stubs.add(server.stubFor(any(urlPathMatching(base + "/.*")).atPriority(1)
                        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                                .withBody("<html><body>Gateway Timeout</body></html>"))));
                stubs.add(server.stubFor(put(urlPathMatching(base + "/holds/.+")).atPriority(1)
                        .willReturn(json(200, "{\"status\":\"ok\",\"data\":[1,2,3]}"))));
            }
            case RATELIMIT -> stubs.add(server.stubFor(any(urlPathMatching(base + "/.*")).atPriority(1)
                    .willReturn(problem(429, "rate-limited", "quota exhausted").withHeader("Retry-After", "1"))));
            case OUTOFSTOCK -> {
                stubs.add(server.stubFor(post(urlPathEqualTo(base + "/stock-queries")).atPriority(1)
                        .willReturn(json(200, stockAnswer(store, 0)))));
                stubs.add(server.stubFor(put(urlPathMatching(base + "/holds/.+")).atPriority(1)
                        .willReturn(problem(409, "out-of-stock", "nothing left"))));
            }
            default -> throw new IllegalArgumentException("unknown fault " + mode);
        }
        faultsOf(store.storeId(), stubs);
    }


    // --- the store's stubs -------------------------------------------------------------------------

    private void installStore(StoreRef store) {
        String base = storePath(store);
        String scenario = store.storeId();
        for (String state : List.of(Scenario.STARTED, RELEASED, EXPIRED, CANCELLED)) {
            server.stubFor(authorised(post(urlPathEqualTo(base + "/stock-queries"))).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(json(200, stockAnswer(store, STOCK))));
        }
        server.stubFor(authorised(post(urlPathEqualTo(base + "/stock-queries"))).inScenario(scenario).whenScenarioStateIs(HELD)
                .willReturn(json(200, stockAnswer(store, STOCK - HOLD_UNITS))));

        server.stubFor(authorised(put(urlPathMatching(base + "/holds/.+"))).atPriority(2)
                .withRequestBody(matchingJsonPath("$.lines[?(@.quantity > " + STOCK + ")]"))
                .willReturn(problem(409, "out-of-stock", "cannot hold every line")));
        server.stubFor(authorised(put(urlPathMatching(base + "/holds/.+"))).atPriority(5)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo(HELD)
                .willReturn(holdEcho(store, 201)));
        server.stubFor(authorised(put(urlPathMatching(base + "/holds/.+"))).atPriority(5)
                .inScenario(scenario).whenScenarioStateIs(HELD)
                .willReturn(holdEcho(store, 200)));

        server.stubFor(authorised(delete(urlPathMatching(base + "/holds/.+"))).atPriority(5)
                .inScenario(scenario).whenScenarioStateIs(HELD).willSetStateTo(RELEASED)
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(authorised(delete(urlPathMatching(base + "/holds/.+"))).atPriority(6)
                .willReturn(problem(404, "unknown-hold", "no such hold")));

        server.stubFor(authorised(put(urlPathMatching(base + "/pick-lists/.+")))
                .willReturn(aResponse().withStatus(202)));

        for (String state : List.of(Scenario.STARTED, HELD)) {
            server.stubFor(authorised(post(urlPathMatching(base + "/orders/.+/cancel"))).atPriority(5)
                    .inScenario(scenario).whenScenarioStateIs(state).willSetStateTo(CANCELLED)
                    .willReturn(aResponse().withStatus(202)));
        }
        server.stubFor(authorised(post(urlPathMatching(base + "/orders/.+/cancel"))).atPriority(6)
                .willReturn(aResponse().withStatus(202)));
    }

    private static MappingBuilder authorised(MappingBuilder mapping) {
        return mapping.withHeader("Authorization", equalTo("Bearer " + API_KEY));
    }

    private ResponseDefinitionBuilder holdEcho(StoreRef store, int status) {
        String body = "{\"holdId\":\"{{request.pathSegments.[5]}}\",\"storeId\":\"" + store.partnerStoreId() + "\","
                + "\"orderId\":\"{{jsonPath request.body '$.orderId'}}\",\"status\":\"HELD\","
                + "\"lines\":[{\"gtin\":\"" + SOLD + "\",\"quantity\":" + HOLD_UNITS + "}],"
                + "\"expiresAt\":\"{{jsonPath request.body '$.expiresAt'}}\"}";
        return json(status, body).withTransformers("response-template");
    }

    private String stockAnswer(StoreRef store, int available) {
        return "{\"storeId\":\"" + store.partnerStoreId() + "\",\"asOf\":\"" + clock.instant() + "\",\"items\":[{\"gtin\":\"" + SOLD
                + "\",\"available\":" + available + ",\"unitPrice\":{\"amount\":" + PRICE_FEN + ",\"currency\":\"CNY\"}}]}";
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static ResponseDefinitionBuilder problem(int status, String slug, String detail) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://aisle.dev/problems/" + slug + "\",\"title\":\"" + slug + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }

    @Override
    protected List<TakenHold> holdsTaken(StoreRef store) {
        List<TakenHold> holds = new ArrayList<>();
        for (LoggedRequest request : server.findAll(putRequestedFor(urlPathMatching(storePath(store) + "/holds/.+")))) {
            try {
                JsonNode body = Json.mapper().readTree(request.getBodyAsString());
                boolean fits = true;
                for (JsonNode line : body.path("lines")) {
                    fits &= line.path("quantity").asInt() <= STOCK;
                }
                if (fits) {
                    holds.add(new TakenHold(body.path("holdId").asText(), Instant.parse(body.path("expiresAt").asText())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return holds;
    }
}
