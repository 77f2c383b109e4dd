package io.aisle.adapters.contract.partnerapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.aisle.adapters.contract.partnerapi.WireMockAislePartner.API_KEY;
import static io.aisle.adapters.contract.partnerapi.WireMockAislePartner.SOLD;
import static io.aisle.adapters.contract.partnerapi.WireMockAislePartner.json;
import static io.aisle.adapters.contract.partnerapi.WireMockAislePartner.problem;
import static io.aisle.adapters.contract.partnerapi.WireMockAislePartner.storePath;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.http.Fault;
import io.aisle.adapters.contract.ChainAdapterContractTest;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.StockQuery;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Aisle partner API adapter against WireMock: the whole contract suite, plus what only stubs can
 * show: the exact requests on the wire, and answers no well-behaved partner gives.
 */
class AislePartnerApiAgainstWireMockTest extends ChainAdapterContractTest<WireMockAislePartner> {

    @Override
    protected WireMockAislePartner startPartner(Vertx vertx) {
        return new WireMockAislePartner(vertx, CALL_TIMEOUT);
    }

    @Test
    void speaksTheDocumentedRequestsWithTheChainsApiKey() {
        String base = storePath(store);
        HoldRequest hold = holdRequest(SOLD, HOLD_UNITS);

        await(adapter().queryStock(store, new StockQuery(List.of(SOLD))));
        await(adapter().hold(store, hold));
        await(adapter().release(store, hold.holdId()));
        await(adapter().cancel(store, hold.orderId()));

        partner().server().verify(postRequestedFor(urlPathEqualTo(base + "/stock-queries"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"gtins\":[\"" + SOLD + "\"]}")));
        partner().server().verify(putRequestedFor(urlPathEqualTo(base + "/holds/" + hold.holdId()))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withRequestBody(equalToJson("{\"holdId\":\"" + hold.holdId() + "\",\"orderId\":\"" + hold.orderId()
                        + "\",\"lines\":[{\"gtin\":\"" + SOLD + "\",\"quantity\":" + HOLD_UNITS + "}],\"expiresAt\":\"" + hold.expiresAt() + "\"}")));
        partner().server().verify(deleteRequestedFor(urlPathEqualTo(base + "/holds/" + hold.holdId()))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY)));
        partner().server().verify(postRequestedFor(urlPathEqualTo(base + "/orders/" + hold.orderId() + "/cancel"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY)));
    }

    @Test
    void answerForAnotherStoreIsMalformed() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(json(200, "{\"storeId\":\"someone-else\",\"asOf\":\"2020-01-23T02:00:00Z\",\"items\":[]}")));

        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void stockItemWithoutAPriceIsMalformed() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(json(200, "{\"storeId\":\"" + store.storeId() + "\",\"asOf\":\"2020-01-23T02:00:00Z\",\"items\":[{\"gtin\":\""
                        + SOLD + "\",\"available\":3}]}")));

        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void stockLevelOfTheWrongTypeIsMalformed() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(json(200, "{\"storeId\":\"" + store.storeId() + "\",\"asOf\":\"2020-01-23T02:00:00Z\",\"items\":[{\"gtin\":\""
                        + SOLD + "\",\"available\":\"plenty\",\"unitPrice\":{\"amount\":100,\"currency\":\"CNY\"}}]}")));

        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void negativeStockIsMalformed() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(json(200, "{\"storeId\":\"" + store.storeId() + "\",\"asOf\":\"2020-01-23T02:00:00Z\",\"items\":[{\"gtin\":\""
                        + SOLD + "\",\"available\":-4,\"unitPrice\":{\"amount\":100,\"currency\":\"CNY\"}}]}")));

        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void holdAnswerForAnotherHoldIsMalformed() {
        partner().server().stubFor(put(urlPathMatching(storePath(store) + "/holds/.+")).atPriority(1)
                .willReturn(json(201, "{\"holdId\":\"not-mine\",\"storeId\":\"" + store.storeId() + "\",\"orderId\":\"o-1\",\"status\":\"HELD\","
                        + "\"lines\":[],\"expiresAt\":\"2030-01-01T00:00:00Z\"}")));

        assertFailure(PartnerFailure.Kind.MALFORMED, adapter().hold(store, holdRequest(SOLD, HOLD_UNITS)));
    }

    @Test
    void bytesThatAreNotHttpFollowedByAClosedConnectionAreUnavailable() {
        // Vert.x drops a connection whose bytes do not parse as HTTP and reports it closed;
        // MALFORMED is for proper HTTP answers whose body is not the documented JSON.
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void connectionClosedWithoutAnAnswerIsUnavailable() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void serverErrorWithoutAProblemBodyIsUnavailable() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));

        assertFailure(PartnerFailure.Kind.UNAVAILABLE, adapter().queryStock(store, new StockQuery(List.of(SOLD))));
    }

    @Test
    void invalidRequestAnswerIsRejected() {
        partner().server().stubFor(put(urlPathMatching(storePath(store) + "/holds/.+")).atPriority(1)
                .willReturn(problem(422, "invalid-body", "expiresAt is required")));

        PartnerFailure failure = assertFailure(PartnerFailure.Kind.REJECTED, adapter().hold(store, holdRequest(SOLD, HOLD_UNITS)));

        assertEquals(true, failure.getMessage().contains("expiresAt is required"), failure.getMessage());
    }

    @Test
    void retryAfterInSecondsIsPassedOn() {
        partner().server().stubFor(post(urlPathEqualTo(storePath(store) + "/stock-queries")).atPriority(1)
                .willReturn(problem(429, "rate-limited", "slow down").withHeader("Retry-After", "7")));

        PartnerFailure failure = assertFailure(PartnerFailure.Kind.RATE_LIMITED, adapter().queryStock(store, new StockQuery(List.of(SOLD))));

        assertEquals(Duration.ofSeconds(7), failure.retryAfter());
    }
}
