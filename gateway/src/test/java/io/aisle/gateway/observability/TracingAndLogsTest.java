package io.aisle.gateway.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aisle.adapters.dispatch.HttpRiderDispatchClient;
import io.aisle.adapters.dispatch.RiderDispatchEndpoint;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.ObservabilityConfig;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an operator follows a request by: its trace (the super-app's traceparent continued by the
 * gateway's server span and passed on to every partner it asks), and its JSON log lines (request id,
 * trace id, client). Partners are played by WireMock; spans are caught by the SDK's in-memory exporter.
 */
class TracingAndLogsTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000051");
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final ByteArrayOutputStream LOG_LINES = new ByteArrayOutputStream();

    private static Telemetry telemetry;
    private static Vertx vertx;
    private static StubbedPartner partner;
    private static Gateway gateway;
    private static WebClient client;
    private static StubbedPartner.Cluster cluster;
    private static OutputStreamAppender<ILoggingEvent> appender;

    @BeforeAll
    static void start() {
        captureJsonLogLines();
        telemetry = Telemetry.create(ObservabilityConfig.defaults(), SPANS);
        vertx = telemetry.vertx(new VertxOptions());
        partner = new StubbedPartner();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 2000).put("cacheTtlMs", 0).put("radiusKm", 1);
        partner.addChains(overrides.putArray("chains"), 1500, "aisle-mart");
        // a wave closes soon after an order comes, and trips go to rider dispatch played by the same stub
        overrides.putObject("picking").put("waveWindowMs", 200).put("pickBaseMs", 0).put("pickPerLineMs", 0)
                .put("checkPeriodMs", 100);
        overrides.putObject("riderDispatch").put("baseUrl", partner.server().baseUrl() + "/rider-dispatch");
        gateway = await(Gateway.start(vertx, TestConfig.gateway(TestServers.freshDatabase(), TestServers.redis(), overrides)));
        client = WebClient.create(vertx);
        await(gateway.catalog().upsert(List.of(new ProductCatalog.Entry(
                new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
        cluster = partner.cluster(gateway, "aisle-mart", 3);
        cluster.answering(Map.of(RICE, new int[] {20, 5990}), 0, 1, 2);
    }

    @AfterAll
    static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        await(gateway.stop());
        await(vertx.close());
        telemetry.close();
        partner.close();
    }

    @Test
    void oneTraceJoinsTheSuperAppRequestTheGatewayAndEveryPartnerCall() {
        String traceId = hex(32);
        String callerSpanId = hex(16);

        HttpResponse<Buffer> quote = quote("00-" + traceId + "-" + callerSpanId + "-01", "req-" + UUID.randomUUID());

        assertEquals(200, quote.statusCode(), quote.bodyAsString());
        SpanData server = eventually("the gateway's server span of the quote was exported", () -> spansOf(traceId).stream()
                .filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElse(null), s -> s != null);
        assertEquals(callerSpanId, server.getParentSpanId(), "the server span continues the super-app's span");
        List<LoggedRequest> asked = List.of(0, 1, 2).stream()
                .flatMap(i -> partner.server().findAll(postRequestedFor(urlEqualTo(cluster.stockPath(i)))).stream())
                .filter(r -> r.getHeader("traceparent") != null && r.getHeader("traceparent").contains(traceId)).toList();
        assertEquals(3, asked.size(), "every store was asked once, in the super-app's trace");
        Set<String> clientSpans = eventually("a client span per partner call was exported", () -> spansOf(traceId).stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && server.getSpanId().equals(s.getParentSpanId()))
                .map(SpanData::getSpanId).collect(Collectors.toSet()), ids -> ids.size() >= 3);
        for (LoggedRequest request : asked) {
            String traceparent = request.getHeader("traceparent");
            assertNotNull(traceparent, "the partner call carries a traceparent");
            String[] parts = traceparent.split("-");
            assertEquals(traceId, parts[1], "the partner call is in the super-app's trace: " + traceparent);
            assertTrue(clientSpans.contains(parts[2]), "its parent is a client span of the gateway's server span: " + traceparent);
        }
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceOfItsOwn() {
        HttpResponse<Buffer> quote = quote(null, "req-" + UUID.randomUUID());

        assertEquals(200, quote.statusCode(), quote.bodyAsString());
        String traceparent = partner.server().findAll(postRequestedFor(urlEqualTo(cluster.stockPath(0)))).stream()
                .reduce((first, second) -> second).orElseThrow().getHeader("traceparent");
        assertNotNull(traceparent, "the gateway's own trace is passed on");
        String traceId = traceparent.split("-")[1];
        eventually("the trace started by the gateway has a root server span", () -> spansOf(traceId).stream()
                .anyMatch(s -> s.getKind() == SpanKind.SERVER && !s.getParentSpanContext().isValid()));
    }

    @Test
    void aRequestsAccessLogLineCarriesItsRequestIdTraceIdAndClient() {
        String traceId = hex(32);
        String requestId = "req-" + UUID.randomUUID();

        assertEquals(200, quote("00-" + traceId + "-" + hex(16) + "-01", requestId).statusCode());

        JsonObject line = eventually("the access log line of the request", () -> logLines().stream()
                .filter(l -> "io.aisle.access".equals(l.getString("logger_name")) && requestId.equals(l.getString("requestId")))
                .findFirst().orElse(null), l -> l != null);
        assertEquals(traceId, line.getString("traceId"));
        assertEquals(TestConfig.CLIENT_ID, line.getString("clientId"));
        assertEquals(TestConfig.CLIENT_ID, line.getString("client"));
        assertEquals("POST", line.getString("method"));
        assertEquals("/v1/quotes", line.getString("path"));
        assertEquals(200, line.getInteger("status"));
        assertNotNull(line.getLong("durationMs"));
        assertTrue(line.getString("message").startsWith("POST /v1/quotes 200 "), line.getString("message"));
    }

    @Test
    void aTripSentInTheBackgroundCarriesATraceparentToRiderDispatch() {
        partner.server().stubFor(put(urlMatching("/rider-dispatch/v1/trips/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tripId\":\"trip-traced\",\"status\":\"REQUESTED\"}")));
        HttpRiderDispatchClient riders = new HttpRiderDispatchClient(vertx,
                RiderDispatchEndpoint.of(partner.server().baseUrl() + "/rider-dispatch", "test-rider-key"));
        try {
            String orderId = "order-traced";
            TripRequest trip = new TripRequest("trip-traced", PriorityClass.STANDARD,
                    List.of(new Pickup("pickup-1", cluster.id(0), cluster.centre, Instant.now(), List.of(new Parcel(orderId, 1, 500)))),
                    List.of(new DropoffStop(orderId, cluster.centre, true, null)));
            // as the outbox relay sends it: on a context of its own, with no request around it
            vertx.runOnContext(ignored -> riders.createTrip(trip));

            LoggedRequest sent = eventually("rider dispatch was asked for the trip", () -> partner.server()
                    .findAll(putRequestedFor(urlMatching("/rider-dispatch/v1/trips/trip-traced"))).stream().findFirst().orElse(null),
                    r -> r != null);
            String traceparent = sent.getHeader("traceparent");
            assertNotNull(traceparent, "the trip carries a traceparent");
            assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), traceparent);
        } finally {
            await(riders.close());
        }
    }

    @Test
    void anOrdersPickListAndItsTripToRiderDispatchContinueTheSuperAppsTraceLongAfterTheRequest() {
        StubbedPartner.Cluster store = partner.cluster(gateway, "aisle-mart", 1);
        store.answering(Map.of(RICE, new int[] {20, 5990}), 0);
        store.holding(0);
        partner.server().stubFor(put(urlMatching("/aisle-partner/v1/stores/" + store.id(0) + "/pick-lists/.*"))
                .willReturn(aResponse().withStatus(202)));
        partner.server().stubFor(put(urlMatching("/rider-dispatch/v1/trips/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tripId\":\"{{request.pathSegments.[3]}}\",\"status\":\"REQUESTED\"}")
                .withTransformers("response-template")));
        String traceId = hex(32);

        HttpResponse<Buffer> placed = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("Idempotency-Key", "traced-" + UUID.randomUUID())
                .putHeader("traceparent", "00-" + traceId + "-" + hex(16) + "-01")
                .sendJsonObject(store.basket(Map.of(RICE, 2)).put("customerRef", "hh-traced").put("acceptPartial", true)));
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");

        LoggedRequest pickList = eventually("the store was sent the order's pick list", () -> partner.server()
                .findAll(putRequestedFor(urlMatching("/aisle-partner/v1/stores/" + store.id(0) + "/pick-lists/.*"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).findFirst().orElse(null), r -> r != null);
        assertEquals(traceId, traceIdOf(pickList), "the pick list, sent from the outbox, is in the order's trace");

        // the store reports the bags ready: a callback in a trace of its own, not the order's
        JsonObject list = new JsonObject(pickList.getBodyAsString());
        io.vertx.core.json.JsonArray lines = new io.vertx.core.json.JsonArray();
        for (Object line : list.getJsonArray("lines")) {
            for (Object split : ((JsonObject) line).getJsonArray("orders")) {
                int quantity = ((JsonObject) split).getInteger("quantity");
                lines.add(new JsonObject().put("orderId", ((JsonObject) split).getString("orderId"))
                        .put("gtin", ((JsonObject) line).getString("gtin")).put("status", "PICKED")
                        .put("requested", quantity).put("picked", quantity));
            }
        }
        byte[] result = new JsonObject().put("pickListId", list.getString("pickListId")).put("storeId", store.id(0))
                .put("ready", true).put("at", Instant.now().toString()).put("lines", lines).toBuffer().getBytes();
        io.aisle.adapters.signing.HmacSigner.Signature signature =
                new io.aisle.adapters.signing.HmacSigner(StubbedPartner.SIGNING_SECRET).sign(result);
        HttpResponse<Buffer> reported = await(client.post(gateway.port(), "127.0.0.1", "/partner/v1/chains/aisle-mart/pick-results")
                .putHeader("Content-Type", "application/json")
                .putHeader(io.aisle.adapters.signing.HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                .putHeader(io.aisle.adapters.signing.HmacSigner.NONCE_HEADER, signature.nonce())
                .putHeader(io.aisle.adapters.signing.HmacSigner.SIGNATURE_HEADER, signature.signature())
                .sendBuffer(Buffer.buffer(result)));
        assertTrue(reported.statusCode() / 100 == 2, reported.statusCode() + " " + reported.bodyAsString());

        LoggedRequest trip = eventually("rider dispatch was asked for the order's trip", () -> partner.server()
                .findAll(putRequestedFor(urlMatching("/rider-dispatch/v1/trips/.*"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).findFirst().orElse(null), r -> r != null);
        assertEquals(traceId, traceIdOf(trip), "the trip, sent from the outbox after the store's callback, is in the order's trace");
        eventually("the gateway's span of the trip's sending is a child in the order's trace", () -> spansOf(traceId).stream()
                .anyMatch(s -> s.getName().equals("outbox trip.create")));
    }

    private static String traceIdOf(LoggedRequest request) {
        String traceparent = request.getHeader("traceparent");
        assertNotNull(traceparent, request.getUrl() + " carries a traceparent");
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), traceparent);
        return traceparent.split("-")[1];
    }

    private static HttpResponse<Buffer> quote(String traceparent, String requestId) {
        var request = client.post(gateway.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("X-Request-Id", requestId);
        if (traceparent != null) {
            request.putHeader("traceparent", traceparent);
        }
        return await(request.sendJsonObject(cluster.basket(Map.of(RICE, 1))));
    }

    private static List<SpanData> spansOf(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    /** The JSON lines logged since the test class started, as the production encoder writes them. */
    private static List<JsonObject> logLines() {
        String text;
        synchronized (LOG_LINES) {
            text = LOG_LINES.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
    }

    private static void captureJsonLogLines() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertTrue(context.getTurboFilterList().stream().anyMatch(f -> f instanceof LogContextFilter),
                "logback.xml installs the filter that puts the request's fields into every line");
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (LOG_LINES) {
                    LOG_LINES.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (LOG_LINES) {
                    LOG_LINES.write(b, off, len);
                }
            }
        });
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private static String hex(int length) {
        String hex = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return hex.substring(0, length);
    }
}
