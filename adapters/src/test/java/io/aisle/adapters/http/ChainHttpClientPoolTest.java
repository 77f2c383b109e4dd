package io.aisle.adapters.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aisle.adapters.http.ChainHttpClient;
import io.aisle.adapters.http.ChainHttpClients;
import io.aisle.adapters.http.PartnerFailures;
import io.aisle.adapters.partnerapi.AislePartnerApiAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-chain HTTP pool: bounded, shared per chain, and failing in typed ways when it cannot call. */
@ExtendWith(VertxExtension.class)
class ChainHttpClientPoolTest {

    private static final Gtin GTIN = Gtin.fromPrefix("690123456789");
    private static final StoreRef STORE = new StoreRef("s-1", "pool-chain");

    private WireMockServer server;

    @BeforeEach
    void startWireMock() {
        server = new WireMockServer(options().dynamicPort().containerThreads(20));
        server.start();
    }

    @AfterEach
    void stopWireMock() {
        server.stop();
    }

    @Test
    void callsBeyondTheFullPoolAndWaitQueueFailUnavailableAtOnce(Vertx vertx) throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        AislePartnerApiAdapter adapter = AislePartnerApiAdapter.create(vertx, endpoint("http://localhost:" + server.port(), 2, 1, Duration.ofSeconds(2)));

        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(adapter.queryStock(STORE, new StockQuery(List.of(GTIN))));
        }

        int poolFull = 0;
        int timedOut = 0;
        for (Future<?> call : calls) {
            PartnerFailure failure = failureOf(call);
            if (failure.kind() == PartnerFailure.Kind.UNAVAILABLE && failure.getMessage().contains("connection pool is full")) {
                poolFull++;
            } else if (failure.kind() == PartnerFailure.Kind.TIMEOUT) {
                timedOut++;
            }
        }
        assertTrue(poolFull >= 3, "2 connections and 1 waiting place: at least 3 of 6 calls turned away, got " + poolFull);
        assertEquals(6, poolFull + timedOut, "every call either turned away or timed out");
        assertTrue(server.getAllServeEvents().size() <= 3, "at most connections + wait queue calls reach the partner");
        adapter.close();
    }

    @Test
    void refusedConnectionIsUnavailable(Vertx vertx) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AislePartnerApiAdapter adapter = AislePartnerApiAdapter.create(vertx, endpoint("http://127.0.0.1:" + closedPort, 2, 10, Duration.ofSeconds(2)));

        PartnerFailure failure = failureOf(adapter.queryStock(STORE, new StockQuery(List.of(GTIN))));

        assertEquals(PartnerFailure.Kind.UNAVAILABLE, failure.kind(), failure.getMessage());
        adapter.close();
    }

    @Test
    void everyAdapterOfAChainSharesOnePoolUntilTheEndpointChanges(Vertx vertx) {
        ChainHttpClients clients = new ChainHttpClients(vertx);
        ChainEndpoint endpoint = endpoint("http://localhost:" + server.port(), 4, 8, Duration.ofMillis(300));

        ChainHttpClient first = clients.forChain(endpoint);
        ChainHttpClient again = clients.forChain(endpoint);
        ChainHttpClient changed = clients.forChain(endpoint("http://localhost:" + server.port(), 16, 8, Duration.ofMillis(300)));

        assertSame(first, again);
        assertNotSame(first, changed);
        assertEquals(16, changed.endpoint().maxConnections());
        clients.closeAll();
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2020-01-23T02:00:00Z");

        assertEquals(Duration.ofSeconds(30), PartnerFailures.retryAfter("30", now));
        assertEquals(Duration.ofSeconds(90), PartnerFailures.retryAfter("Thu, 23 Jan 2020 02:01:30 GMT", now));
        assertEquals(null, PartnerFailures.retryAfter("soon", now));
        assertEquals(null, PartnerFailures.retryAfter(null, now));
    }

    @Test
    void pathsStayBelowTheBaseUrl(Vertx vertx) throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        AislePartnerApiAdapter adapter = AislePartnerApiAdapter.create(vertx, endpoint("http://localhost:" + server.port() + "/chains/x/", 2, 10, Duration.ofSeconds(2)));

        adapter.release(new StoreRef("store 7", "pool-chain"), "h-1").await(5, TimeUnit.SECONDS);

        String url = server.getAllServeEvents().get(0).getRequest().getUrl();
        assertEquals("/chains/x/v1/stores/store%207/holds/h-1", url);
        assertTrue(server.getAllServeEvents().get(0).getRequest().getHeader("Authorization").startsWith("Bearer "));
        adapter.close();
    }

    private static ChainEndpoint endpoint(String baseUrl, int maxConnections, int maxWaitQueue, Duration timeout) {
        return new ChainEndpoint("pool-chain", PartnerKind.AISLE_PARTNER_API, baseUrl, "k", null, maxConnections, maxWaitQueue, timeout);
    }

    private static PartnerFailure failureOf(Future<?> future) throws Exception {
        try {
            Object value = future.await(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (PartnerFailure failure) {
            return failure;
        }
    }
}
