package io.aisle.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operators register, change, disable and enable chains through the admin API, and every gateway
 * instance on the same PostgreSQL and Redis quotes the chain's stores at once, without a restart.
 */
class ChainAdminApiTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000041");
    private static final String SIGNING_SECRET = "new-chain-signing-secret-0001";
    private static final String CREDENTIALS_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final AtomicInteger PLACES = new AtomicInteger();

    private static StubbedPartner partner;
    private static StubbedPartner otherPartner;
    private static Vertx vertx;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway first;
    private static Gateway second;
    private static WebClient client;
    private static Pool db;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        otherPartner = new StubbedPartner();
        vertx = Vertx.vertx();
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        first = await(Gateway.start(vertx, config()));
        second = await(Gateway.start(vertx, config()));
        client = ContractCheck.webClient(vertx);
        db = Infra.pool(vertx, pg);
        await(first.catalog().upsert(List.of(new ProductCatalog.Entry(
                new Product(RICE, "Chain Test Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
    }

    @AfterAll
    static void stop() {
        await(db.close());
        await(second.stop());
        await(first.stop());
        await(vertx.close());
        partner.close();
        otherPartner.close();
    }

    private static GatewayConfig config() {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 3000).put("cacheTtlMs", 0).put("radiusKm", 2).put("maxCandidates", 20);
        overrides.putObject("auth").put("operatorKey", TestConfig.OPERATOR_KEY).put("chainCredentialsKey", CREDENTIALS_KEY);
        overrides.putObject("breakerProfiles").putObject("strict").put("failureRateThreshold", 20);
        partner.addChains(overrides.putArray("chains"), 1500, "configured-mart");
        return TestConfig.gateway(pg, redis, overrides);
    }

    @Test
    void aChainRegisteredThroughOneInstanceIsQuotedOnBothWithoutARestart() {
        Place place = new Place("fresh-mart");
        HttpResponse<Buffer> created = admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals("/v1/admin/chains/" + place.chainId, created.getHeader("Location"));
        JsonObject chain = created.bodyAsJsonObject();
        assertEquals("API", chain.getString("managedBy"));
        assertTrue(chain.getBoolean("enabled"));
        assertEquals(partner.baseUrl(), chain.getString("baseUrl"));

        onboard(second, place);
        place.answering(partner);

        assertEquals("ANSWERED", outcome(quote(first, place), place.storeId), "the instance the chain was registered on");
        assertEquals("ANSWERED", outcome(quote(second, place), place.storeId), "the other instance, without a restart");
        partner.server().verify(postRequestedFor(urlEqualTo(place.stockPath()))
                .withHeader("Authorization", equalTo("Bearer " + apiKey(place.chainId))));
    }

    @Test
    void aPushOnlyChainRegisteredOnOneInstancePushesStockSignedWithItsSecretToTheOther() {
        Place place = new Place("pushing-mart");
        JsonObject pushOnly = registration(place.chainId, partner).put("kind", "PUSH_ONLY");
        pushOnly.remove("baseUrl");
        pushOnly.remove("apiKey");
        HttpResponse<Buffer> created = admin(first, "POST", "/v1/admin/chains", pushOnly);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        onboard(first, place);
        byte[] snapshot = new JsonObject().put("storeId", place.storeId).put("sequence", 1).put("kind", "SNAPSHOT")
                .put("asOf", java.time.Instant.now().toString())
                .put("items", new JsonArray().add(new JsonObject().put("gtin", RICE.value()).put("available", 12)
                        .put("unitPrice", new JsonObject().put("amount", 5890).put("currency", "CNY")))).toBuffer().getBytes();

        HttpResponse<Buffer> forged = push(second, place, snapshot, new io.aisle.adapters.signing.HmacSigner("some-other-secret-0123456789"));
        HttpResponse<Buffer> pushed = push(second, place, snapshot, new io.aisle.adapters.signing.HmacSigner(SIGNING_SECRET));

        assertEquals(401, forged.statusCode(), forged.bodyAsString());
        assertEquals(202, pushed.statusCode(), pushed.bodyAsString());
        assertEquals("CACHED", outcome(quote(first, place), place.storeId), "served from the pushed snapshot");
    }

    private static HttpResponse<Buffer> push(Gateway instance, Place place, byte[] body, io.aisle.adapters.signing.HmacSigner signer) {
        io.aisle.adapters.signing.HmacSigner.Signature signature = signer.sign(body);
        return await(client.post(instance.port(), "127.0.0.1", "/partner/v1/chains/" + place.chainId + "/stock")
                .putHeader("Content-Type", "application/json").putHeader("X-Aisle-Timestamp", signature.timestamp())
                .putHeader("X-Aisle-Nonce", signature.nonce()).putHeader("X-Aisle-Signature", signature.signature())
                .sendBuffer(Buffer.buffer(body)));
    }

    @Test
    void neverAnswersAChainsCredentialsAndStoresThemSealed() {
        Place place = new Place("secret-mart");
        List<HttpResponse<Buffer>> answers = new ArrayList<>();
        answers.add(admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)));
        answers.add(admin(second, "GET", "/v1/admin/chains/" + place.chainId, null));
        answers.add(admin(second, "GET", "/v1/admin/chains", null));
        answers.add(admin(first, "PUT", "/v1/admin/chains/" + place.chainId, new JsonObject().put("apiKey", apiKey(place.chainId) + "-2")));
        answers.add(admin(first, "POST", "/v1/admin/chains/" + place.chainId + "/disable", null));
        answers.add(admin(first, "POST", "/v1/admin/chains/" + place.chainId + "/enable", null));
        answers.add(admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)));

        for (HttpResponse<Buffer> answer : answers) {
            String body = answer.bodyAsString();
            assertFalse(body.contains(apiKey(place.chainId)), "no API key in " + body);
            assertFalse(body.contains(SIGNING_SECRET), "no signing secret in " + body);
            assertFalse(body.contains("apiKey") || body.contains("signingSecret"), "no credential members in " + body);
        }
        assertEquals(409, answers.get(answers.size() - 1).statusCode(), "registered twice");
        JsonArray listed = answers.get(2).bodyAsJsonObject().getJsonArray("chains");
        assertTrue(listed.stream().map(c -> ((JsonObject) c).getString("chainId")).anyMatch(place.chainId::equals));
        assertTrue(listed.stream().map(c -> (JsonObject) c).anyMatch(c -> "configured-mart".equals(c.getString("chainId"))
                && "CONFIG".equals(c.getString("managedBy"))), "configured chains are listed too: " + listed);

        io.vertx.sqlclient.Row row = await(db.preparedQuery("select api_key_sealed, signing_secret_sealed from chains where chain_id = $1")
                .execute(Tuple.of(place.chainId))).iterator().next();
        assertTrue(row.getString(0).startsWith("v1:") && !row.getString(0).contains(apiKey(place.chainId)), "sealed at rest");
        assertTrue(row.getString(1).startsWith("v1:") && !row.getString(1).contains(SIGNING_SECRET), "sealed at rest");
    }

    @Test
    void theNextQuoteAfterAChangedBaseUrlGoesToTheNewUrl() {
        Place place = new Place("moving-mart");
        assertEquals(201, admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)).statusCode());
        onboard(first, place);
        place.answering(partner);
        place.answering(otherPartner);
        assertEquals("ANSWERED", outcome(quote(second, place), place.storeId));

        HttpResponse<Buffer> changed = admin(first, "PUT", "/v1/admin/chains/" + place.chainId,
                new JsonObject().put("baseUrl", otherPartner.baseUrl()).put("rateLimitPerSecond", 50).put("breakerProfile", "strict"));
        assertEquals(200, changed.statusCode(), changed.bodyAsString());
        assertEquals(otherPartner.baseUrl(), changed.bodyAsJsonObject().getString("baseUrl"));
        assertEquals(50, changed.bodyAsJsonObject().getInteger("rateLimitPerSecond"));
        assertEquals("strict", changed.bodyAsJsonObject().getString("breakerProfile"));
        assertEquals(place.chainId, changed.bodyAsJsonObject().getString("name"), "what the change leaves out stays");
        partner.server().resetRequests();

        assertEquals("ANSWERED", outcome(quote(second, place), place.storeId));
        assertEquals("ANSWERED", outcome(quote(first, place), place.storeId));

        otherPartner.server().verify(2, postRequestedFor(urlEqualTo(place.stockPath()))
                .withHeader("Authorization", equalTo("Bearer " + apiKey(place.chainId))));
        partner.server().verify(0, postRequestedFor(urlEqualTo(place.stockPath())));
    }

    @Test
    void aDisabledChainsStoresAreHiddenOnBothInstancesUntilItIsEnabled() {
        Place place = new Place("paused-mart");
        assertEquals(201, admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)).statusCode());
        onboard(first, place);
        place.answering(partner);
        assertTrue(listed(second, place).contains(place.storeId));

        HttpResponse<Buffer> disabled = admin(second, "POST", "/v1/admin/chains/" + place.chainId + "/disable", null);
        assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
        assertFalse(disabled.bodyAsJsonObject().getBoolean("enabled"));
        assertEquals(200, admin(first, "POST", "/v1/admin/chains/" + place.chainId + "/disable", null).statusCode(), "idempotent");

        for (Gateway instance : List.of(first, second)) {
            assertFalse(listed(instance, place).contains(place.storeId), "GET /v1/stores hides a disabled chain's stores");
            assertTrue(stores(quote(instance, place)).isEmpty(), "no candidate of a disabled chain");
        }
        assertTrue(place.neighbourListed(first), "other chains' stores next door are still listed");

        assertEquals(200, admin(first, "POST", "/v1/admin/chains/" + place.chainId + "/enable", null).statusCode());
        for (Gateway instance : List.of(first, second)) {
            assertTrue(listed(instance, place).contains(place.storeId), "enabled again");
            assertEquals("ANSWERED", outcome(quote(instance, place), place.storeId));
        }
    }

    @Test
    void anOrderPlacedBeforeItsChainWasDisabledGoesOnAndItsHoldIsReleasedAtTheChain() {
        Place place = new Place("ordered-mart");
        assertEquals(201, admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)).statusCode());
        onboard(first, place);
        place.answering(partner);
        place.holding(partner);
        JsonObject order = quoteBody(place).put("customerRef", "hh-chains").put("acceptPartial", false);
        HttpResponse<Buffer> placed = await(client.post(second.port(), "127.0.0.1", "/v1/orders")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).putHeader("Idempotency-Key", "chains-order-1")
                .timeout(15_000).sendJsonObject(order));
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");

        assertEquals(200, admin(first, "POST", "/v1/admin/chains/" + place.chainId + "/disable", null).statusCode());
        HttpResponse<Buffer> cancelled = await(client.post(first.port(), "127.0.0.1", "/v1/orders/" + orderId + "/cancel")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(new JsonObject().put("reason", "changed my mind")));

        assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
        assertEquals("CANCELLED", cancelled.bodyAsJsonObject().getString("status"));
        io.aisle.testing.Eventually.eventually("the disabled chain was told to release the hold", () -> !partner.server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlMatching(place.holdsPath()))).isEmpty());
    }

    @Test
    void aChangeWhoseAnnouncementWasLostIsAppliedByThePeriodicReload() {
        Place place = new Place("quiet-mart");
        assertEquals(201, admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)).statusCode());
        onboard(first, place);
        assertTrue(listed(second, place).contains(place.storeId));
        // committed, but never announced (as when Redis went away right after the commit)
        await(db.preparedQuery("update chains set enabled = false where chain_id = $1").execute(Tuple.of(place.chainId)));

        await(second.registry().reloadChains());

        assertFalse(listed(second, place).contains(place.storeId), "the reload found the chain disabled");
        assertEquals(200, admin(first, "POST", "/v1/admin/chains/" + place.chainId + "/enable", null).statusCode());
        assertTrue(listed(second, place).contains(place.storeId));
    }

    @Test
    void aGatewayStartedLaterBuildsTheAdaptersOfChainsRegisteredBefore() {
        Place place = new Place("early-mart");
        assertEquals(201, admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)).statusCode());
        onboard(first, place);
        place.answering(partner);
        Gateway later = await(Gateway.start(vertx, config()));
        try {
            assertEquals("ANSWERED", outcome(quote(later, place), place.storeId));
        } finally {
            await(later.stop());
        }
    }

    @Test
    void refusesInvalidSettingsNamingEveryOffendingMember() {
        JsonObject bad = registration("bad-mart", partner).put("kind", "SOAP").put("baseUrl", "ftp://partner.example/x")
                .put("rateLimitPerSecond", 0).put("breakerProfile", "nonexistent").put("signingSecret", "short");
        HttpResponse<Buffer> refused = admin(first, "POST", "/v1/admin/chains", bad);
        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        assertEquals("https://aisle.dev/problems/validation-failed", refused.bodyAsJsonObject().getString("type"));
        assertEquals(Set.of("/kind", "/baseUrl", "/rateLimitPerSecond", "/breakerProfile", "/signingSecret"), pointers(refused));
        assertFalse(refused.bodyAsString().contains("short"), "not even a refused secret is echoed");

        JsonObject partnerApi = registration("relative-mart", partner).put("baseUrl", "/aisle-partner");
        partnerApi.remove("apiKey");
        assertEquals(Set.of("/baseUrl", "/apiKey"), pointers(admin(first, "POST", "/v1/admin/chains", partnerApi)));
        assertEquals(Set.of("/chainId"), pointers(admin(first, "POST", "/v1/admin/chains",
                registration("Upper_Case", partner))));
        assertEquals(404, admin(first, "GET", "/v1/admin/chains/bad-mart", null).statusCode(), "nothing of it was stored");

        HttpResponse<Buffer> malformed = await(client.post(first.port(), "127.0.0.1", "/v1/admin/chains")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"chainId\": ")));
        assertEquals(400, malformed.statusCode());
        assertEquals(400, admin(first, "POST", "/v1/admin/chains", registration("typed-mart", partner).put("rateLimitPerSecond", "fast"))
                .statusCode(), "a member of the wrong JSON type");
    }

    @Test
    void answersUnknownChainsConflictsAndConfiguredChainsAsDocumented() {
        for (String path : List.of("/v1/admin/chains/no-such-chain/disable", "/v1/admin/chains/no-such-chain/enable")) {
            HttpResponse<Buffer> unknown = admin(first, "POST", path, null);
            assertEquals(404, unknown.statusCode(), path);
            assertEquals("https://aisle.dev/problems/not-found", unknown.bodyAsJsonObject().getString("type"));
        }
        assertEquals(404, admin(first, "PUT", "/v1/admin/chains/no-such-chain", new JsonObject().put("name", "x")).statusCode());
        assertEquals(404, admin(first, "GET", "/v1/admin/chains/no-such-chain", null).statusCode());

        HttpResponse<Buffer> configured = admin(first, "POST", "/v1/admin/chains", registration("configured-mart", partner));
        assertEquals(409, configured.statusCode(), "a configured chain's id is taken");
        assertEquals("https://aisle.dev/problems/chain-exists", configured.bodyAsJsonObject().getString("type"));
        HttpResponse<Buffer> inConfig = admin(first, "PUT", "/v1/admin/chains/configured-mart", new JsonObject().put("name", "Renamed"));
        assertEquals(409, inConfig.statusCode());
        assertEquals("https://aisle.dev/problems/chain-in-config", inConfig.bodyAsJsonObject().getString("type"));

        Place place = new Place("renamed-mart");
        assertEquals(201, admin(first, "POST", "/v1/admin/chains", registration(place.chainId, partner)).statusCode());
        assertEquals(Set.of("/chainId"), pointers(admin(first, "PUT", "/v1/admin/chains/" + place.chainId,
                new JsonObject().put("chainId", "other-id"))), "a chain keeps its id");
        assertEquals(Set.of("/callTimeoutMs"), pointers(admin(first, "PUT", "/v1/admin/chains/" + place.chainId,
                new JsonObject().put("callTimeoutMs", 0))));

        HttpResponse<Buffer> byClient = await(client.post(first.port(), "127.0.0.1", "/v1/admin/chains")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(registration("client-mart", partner)));
        assertEquals(403, byClient.statusCode(), "a client's key is not an operator's");
    }

    @Test
    void configuredChainsCanBeDisabledAndEnabledToo() {
        HttpResponse<Buffer> disabled = admin(first, "POST", "/v1/admin/chains/configured-mart/disable", null);
        assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
        assertEquals("CONFIG", disabled.bodyAsJsonObject().getString("managedBy"));
        assertFalse(disabled.bodyAsJsonObject().getBoolean("enabled"));
        HttpResponse<Buffer> enabled = admin(second, "POST", "/v1/admin/chains/configured-mart/enable", null);
        assertTrue(enabled.bodyAsJsonObject().getBoolean("enabled"));
    }

    // --- fixtures -------------------------------------------------------------------------------

    private static String apiKey(String chainId) {
        return "api-key-of-" + chainId;
    }

    private static JsonObject registration(String chainId, StubbedPartner at) {
        return new JsonObject().put("chainId", chainId).put("name", chainId).put("kind", "AISLE_PARTNER_API")
                .put("baseUrl", at.baseUrl()).put("apiKey", apiKey(chainId)).put("signingSecret", SIGNING_SECRET)
                .put("rateLimitPerSecond", 100).put("maxConcurrentCalls", 20).put("callTimeoutMs", 1500);
    }

    /** A chain of the test's own, with one store at a place no other test uses, and a configured chain's store next door. */
    private static final class Place {
        final String chainId;
        final String storeId;
        final String neighbourId;
        final double lat;
        final double lon = 114.3;

        Place(String chainId) {
            this.chainId = chainId;
            int n = PLACES.incrementAndGet();
            this.storeId = chainId + "-1";
            this.neighbourId = "configured-mart-next-to-" + chainId;
            this.lat = 20.0 + n * 0.2;
        }

        String stockPath() {
            return "/aisle-partner/v1/stores/" + storeId + "/stock-queries";
        }

        void answering(StubbedPartner at) {
            at.server().stubFor(post(urlEqualTo(stockPath())).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JsonObject().put("storeId", storeId).put("asOf", "2026-11-25T04:00:00Z")
                            .put("items", new JsonArray().add(new JsonObject().put("gtin", RICE.value()).put("available", 40)
                                    .put("unitPrice", new JsonObject().put("amount", 5990).put("currency", "CNY")))).encode())));
        }

        String holdsPath() {
            return "/aisle-partner/v1/stores/" + storeId + "/holds/.*";
        }

        /** The store grants holds (echoing the request, as the partner API does), accepts releases and cancellations. */
        void holding(StubbedPartner at) {
            at.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(
                    com.github.tomakehurst.wiremock.client.WireMock.urlMatching(holdsPath())).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"holdId\":\"{{jsonPath request.body '$.holdId'}}\",\"storeId\":\"" + storeId + "\","
                            + "\"orderId\":\"{{jsonPath request.body '$.orderId'}}\",\"status\":\"HELD\","
                            + "\"lines\":{{jsonPath request.body '$.lines'}},"
                            + "\"expiresAt\":\"{{jsonPath request.body '$.expiresAt'}}\"}")
                    .withTransformers("response-template")));
            at.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(
                    com.github.tomakehurst.wiremock.client.WireMock.urlMatching(holdsPath())).willReturn(aResponse().withStatus(204)));
            at.server().stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(
                    "/aisle-partner/v1/stores/" + storeId + "/orders/.*/cancel")).willReturn(aResponse().withStatus(202)));
        }

        boolean neighbourListed(Gateway instance) {
            return listed(instance, this).contains(neighbourId);
        }
    }

    private static void onboard(Gateway instance, Place place) {
        JsonObject batch = new JsonObject().put("stores", new JsonArray()
                .add(new JsonObject().put("storeId", place.storeId).put("chainId", place.chainId).put("name", "Store of " + place.chainId)
                        .put("location", new JsonObject().put("lat", place.lat + 0.001).put("lon", place.lon)))
                .add(new JsonObject().put("storeId", place.neighbourId).put("chainId", "configured-mart").put("name", "Next door")
                        .put("location", new JsonObject().put("lat", place.lat + 0.002).put("lon", place.lon))));
        HttpResponse<Buffer> onboarded = admin(instance, "POST", "/v1/admin/onboarding", batch);
        assertEquals(200, onboarded.statusCode(), onboarded.bodyAsString());
    }

    private static JsonObject quoteBody(Place place) {
        return new JsonObject().put("deliveryAddress", new JsonObject().put("lat", place.lat).put("lon", place.lon))
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", RICE.value()).put("quantity", 1)));
    }

    private static JsonObject quote(Gateway instance, Place place) {
        JsonObject body = quoteBody(place);
        HttpResponse<Buffer> response = await(client.post(instance.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).timeout(15_000).sendJsonObject(body));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** The candidates of a quote, by store id, leaving out the configured chain's store next door. */
    private static List<JsonObject> stores(JsonObject quote) {
        List<JsonObject> stores = new ArrayList<>();
        for (Object line : quote.getJsonArray("stores")) {
            JsonObject store = (JsonObject) line;
            if (!store.getString("storeId").startsWith("configured-mart-")) {
                stores.add(store);
            }
        }
        return stores;
    }

    private static String outcome(JsonObject quote, String storeId) {
        JsonObject line = stores(quote).stream().filter(s -> storeId.equals(s.getString("storeId"))).findFirst().orElse(null);
        assertNotNull(line, storeId + " is a candidate: " + quote);
        return line.getString("outcome");
    }

    private static Set<String> listed(Gateway instance, Place place) {
        HttpResponse<Buffer> response = await(client.get(instance.port(), "127.0.0.1",
                        "/v1/stores?lat=" + place.lat + "&lon=" + place.lon + "&radiusKm=2")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        Set<String> ids = new TreeSet<>();
        response.bodyAsJsonObject().getJsonArray("stores").forEach(s -> ids.add(((JsonObject) s).getString("storeId")));
        return ids;
    }

    private static Set<String> pointers(HttpResponse<Buffer> problem) {
        assertEquals(422, problem.statusCode(), problem.bodyAsString());
        Set<String> pointers = new TreeSet<>();
        problem.bodyAsJsonObject().getJsonArray("errors").forEach(e -> pointers.add(((JsonObject) e).getString("pointer")));
        return pointers;
    }

    private static HttpResponse<Buffer> admin(Gateway instance, String method, String path, JsonObject body) {
        var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), instance.port(), "127.0.0.1", path)
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).timeout(30_000);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }
}
