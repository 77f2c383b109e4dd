package io.aisle.gateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.store.Store;
import io.aisle.testing.StubServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supermarket chain speaking the Aisle partner API, played by WireMock, and clusters of its stores
 * in the gateway's registry, each around a point of its own so tests never share stores.
 */
public final class StubbedPartner implements AutoCloseable {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    public static final String API_KEY = "test-partner-key";
    public static final String SIGNING_SECRET = "test-partner-signing-secret";

    private final StubServer stubs = StubServer.start();
    private final WireMockServer server = stubs.wireMock();

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl() + "/aisle-partner";
    }

    /** Adds one AISLE_PARTNER_API chain per id to a config override tree, all served by this stub. */
    public void addChains(ArrayNode chains, int callTimeoutMs, String... chainIds) {
        for (String chain : chainIds) {
            chains.addObject().put("chainId", chain).put("kind", "AISLE_PARTNER_API").put("baseUrl", baseUrl())
                    .put("apiKey", API_KEY).put("signingSecret", SIGNING_SECRET).put("callTimeoutMs", callTimeoutMs);
        }
    }

    public Cluster cluster(Gateway gateway, String chainId, int size) {
        return new Cluster(gateway, chainId, size);
    }

    @Override
    public void close() {
        stubs.close();
    }

    /** Stores of one chain around a point of their own, nearest first (100 m apart). */
    public final class Cluster {
        public final String prefix;
        public final GeoPoint centre;
        public final List<String> ids = new ArrayList<>();

        Cluster(Gateway gateway, String chainId, int size) {
            int n = CLUSTERS.incrementAndGet();
            prefix = chainId + "-c" + n + "-";
            centre = new GeoPoint(29.0 + n * 0.1, 114.3);
            List<Store> stores = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ids.add(prefix + i);
                stores.add(new Store(prefix + i, chainId, null, "Store " + prefix + i,
                        new GeoPoint(centre.lat() + (i + 1) * 0.001, centre.lon()), null, null, null, false, null, null));
            }
            Infra.await(gateway.registry().upsertStores(stores));
        }

        public String id(int i) {
            return ids.get(i);
        }

        public String stockPath(int i) {
            return "/aisle-partner/v1/stores/" + id(i) + "/stock-queries";
        }

        public String holdsPath(int i) {
            return "/aisle-partner/v1/stores/" + id(i) + "/holds/.*";
        }

        /** The stores answer stock queries with these GTINs, availabilities and prices (fen). */
        public void answering(Map<Gtin, int[]> stock, int... stores) {
            for (int i : stores) {
                JsonArray items = new JsonArray();
                stock.forEach((gtin, levelAndPrice) -> items.add(new JsonObject().put("gtin", gtin.value())
                        .put("available", levelAndPrice[0])
                        .put("unitPrice", new JsonObject().put("amount", levelAndPrice[1]).put("currency", "CNY"))));
                server.stubFor(post(urlEqualTo(stockPath(i))).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(new JsonObject().put("storeId", id(i)).put("asOf", "2026-11-25T04:00:00Z").put("items", items).encode())));
            }
        }

        public void hanging(int... stores) {
            for (int i : stores) {
                server.stubFor(post(urlEqualTo(stockPath(i))).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
                        .withHeader("Content-Type", "application/json").withBody("{}")));
            }
        }

        public void failing(int... stores) {
            for (int i : stores) {
                server.stubFor(post(urlEqualTo(stockPath(i))).willReturn(problem(503, "Down")));
            }
        }

        /** The stores grant holds (echoing the request, as the partner API does) and accept releases. */
        public void holding(int... stores) {
            for (int i : stores) {
                server.stubFor(put(urlMatching(holdsPath(i))).willReturn(aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"holdId\":\"{{jsonPath request.body '$.holdId'}}\",\"storeId\":\"" + id(i) + "\","
                                + "\"orderId\":\"{{jsonPath request.body '$.orderId'}}\",\"status\":\"HELD\","
                                + "\"lines\":{{jsonPath request.body '$.lines'}},"
                                + "\"expiresAt\":\"{{jsonPath request.body '$.expiresAt'}}\"}")
                        .withTransformers("response-template")));
                server.stubFor(delete(urlMatching(holdsPath(i))).willReturn(aResponse().withStatus(204)));
                server.stubFor(post(urlMatching("/aisle-partner/v1/stores/" + id(i) + "/orders/.*/cancel"))
                        .willReturn(aResponse().withStatus(202)));
            }
        }

        /** The stores refuse holds: out of stock by the time the hold arrives. */
        public void refusingHolds(int... stores) {
            for (int i : stores) {
                server.stubFor(put(urlMatching(holdsPath(i))).willReturn(problem(409, "Out of stock")));
            }
        }

        public JsonObject basket(Map<Gtin, Integer> lines) {
            JsonArray basket = new JsonArray();
            lines.forEach((gtin, quantity) -> basket.add(new JsonObject().put("gtin", gtin.value()).put("quantity", quantity)));
            return new JsonObject()
                    .put("deliveryAddress", new JsonObject().put("lat", centre.lat()).put("lon", centre.lon()))
                    .put("lines", basket);
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}");
    }
}
