package io.aisle.gateway.api;

import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.outbox.OutboxFixtures.insertOrder;
import static io.aisle.gateway.outbox.OutboxFixtures.insertTransition;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.Json;
import io.aisle.contracts.api.OrderEvent;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.order.model.OrderEventIds;
import io.aisle.gateway.testing.Infra;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderEventStreamTest {

    private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
    private static Infra infra;
    private static OrderEventStream events;
    private static HttpServer server;
    private static HttpClient client;
    private static Context clientContext;

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        insertClient(infra.pg, "app-one", null, null);
        insertClient(infra.pg, "app-two", null, null);
        events = new OrderEventStream(infra.vertx, infra.pg, new OrderStore(), Duration.ofMillis(50), Duration.ofMillis(100));
        Router router = Router.router(infra.vertx);
        // the API authenticates the caller; here the test names it
        router.get("/v1/orders/:orderId/events")
                .handler(ctx -> events.stream(ctx, ctx.pathParam("orderId"), ctx.request().getHeader("X-Test-Client")));
        router.route().failureHandler(Problems::handleFailure);
        server = await(infra.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = infra.vertx.createHttpClient();
        clientContext = infra.vertx.getOrCreateContext();
    }

    @AfterAll
    static void stop() {
        events.close();
        await(client.close());
        await(server.close());
        infra.close();
    }

    @Test
    void streamsPastTransitionsThenNewOnesAndEndsAfterATerminalStatus() throws Exception {
        insertOrder(infra.pg, "ord-live", "app-one", "hh-88412");
        insertTransition(infra.pg, "ord-live", 1, "RECEIVED", T0, null);
        insertTransition(infra.pg, "ord-live", 2, "CONFIRMED", T0.plusSeconds(3), "2 stores");

        SseClient stream = open("ord-live", "app-one", Map.of());

        assertEquals(200, stream.status());
        assertEquals(OrderEventStream.CONTENT_TYPE, stream.headers().get("Content-Type"));
        eventually("the past transitions arrive", () -> stream.events().size() == 2);
        OrderEvent confirmed = Json.mapper().readValue(stream.events().get(1).data(), OrderEvent.class);
        assertEquals(new OrderEvent(OrderEventIds.of("ord-live", 2), "ord-live", 2, OrderStatus.CONFIRMED,
                OrderStatus.RECEIVED, T0.plusSeconds(3), "hh-88412", "2 stores"), confirmed);
        assertEquals("2", stream.events().get(1).id());
        assertEquals("status", stream.events().get(1).event());

        insertTransition(infra.pg, "ord-live", 3, "PICKING", T0.plusSeconds(60), null);
        eventually("a new transition arrives", () -> stream.events().size() == 3);
        assertFalse(stream.ended(), "the stream stays open while the order lives");

        insertTransition(infra.pg, "ord-live", 4, "CANCELLED", T0.plusSeconds(90), "customer cancelled");
        eventually("the stream ends after the terminal status", stream::ended);
        assertEquals(List.of("1", "2", "3", "4"), stream.events().stream().map(SseClient.Event::id).toList());
        assertEquals("CANCELLED", new JsonObject(stream.events().get(3).data()).getString("status"));
        eventually("the stream is forgotten", () -> events.openStreams() == 0);
    }

    @Test
    void resumesAfterTheLastEventId() {
        insertOrder(infra.pg, "ord-resume", "app-one", "hh-1");
        insertTransition(infra.pg, "ord-resume", 1, "RECEIVED", T0, null);
        insertTransition(infra.pg, "ord-resume", 2, "CONFIRMED", T0.plusSeconds(1), null);
        insertTransition(infra.pg, "ord-resume", 3, "PICKING", T0.plusSeconds(2), null);

        SseClient stream = open("ord-resume", "app-one", Map.of("Last-Event-ID", "2"));

        eventually("the transition after 2 arrives", () -> stream.events().size() == 1);
        JsonObject picking = new JsonObject(stream.events().get(0).data());
        assertEquals(3, picking.getInteger("sequence"));
        assertEquals("CONFIRMED", picking.getString("previousStatus"));
        insertTransition(infra.pg, "ord-resume", 4, "REJECTED", T0.plusSeconds(3), null);
        eventually("the stream ends after the terminal status", stream::ended);
        assertEquals(List.of("3", "4"), stream.events().stream().map(SseClient.Event::id).toList());
    }

    @Test
    void clientThatResumesAfterTheTerminalEventIsToldThereIsNothingMore() {
        insertOrder(infra.pg, "ord-done", "app-one", "hh-2");
        insertTransition(infra.pg, "ord-done", 1, "RECEIVED", T0, null);
        insertTransition(infra.pg, "ord-done", 2, "FAILED", T0.plusSeconds(1), null);

        SseClient stream = open("ord-done", "app-one", Map.of("Last-Event-ID", "2"));

        assertEquals(204, stream.status());
        eventually("the answer ends", stream::ended);
        assertEquals(List.of(), stream.events());
    }

    @Test
    void orderOfAnotherClientIsNotFound() {
        insertOrder(infra.pg, "ord-private", "app-one", "hh-3");
        insertTransition(infra.pg, "ord-private", 1, "RECEIVED", T0, null);

        SseClient foreign = open("ord-private", "app-two", Map.of());
        SseClient unknown = open("ord-nowhere", "app-one", Map.of());

        for (SseClient answer : List.of(foreign, unknown)) {
            assertEquals(404, answer.status());
            assertEquals("application/problem+json", answer.headers().get("Content-Type"));
            eventually("the problem arrives", answer::ended);
            assertEquals(404, new JsonObject(answer.body()).getInteger("status"));
            assertTrue(answer.events().isEmpty());
        }
        assertEquals("no order ord-private", new JsonObject(foreign.body()).getString("detail"));
    }

    @Test
    void lastEventIdThatIsNotASequenceIsRefused() {
        insertOrder(infra.pg, "ord-bad-id", "app-one", "hh-4");

        SseClient stream = open("ord-bad-id", "app-one", Map.of("Last-Event-ID", "yesterday"));

        assertEquals(400, stream.status());
        assertEquals("application/problem+json", stream.headers().get("Content-Type"));
    }

    @Test
    void sendsHeartbeatsAndForgetsTheStreamWhenTheClientDisconnects() {
        insertOrder(infra.pg, "ord-quiet", "app-one", "hh-5");
        insertTransition(infra.pg, "ord-quiet", 1, "RECEIVED", T0, null);
        SseClient stream = open("ord-quiet", "app-one", Map.of());
        eventually("the stream is open", () -> stream.events().size() == 1 && events.openStreams() == 1);

        eventually("heartbeat comments keep the idle stream open", () -> stream.comments() >= 2);

        stream.disconnect();
        eventually("the stream is forgotten", () -> events.openStreams() == 0);
    }

    private static SseClient open(String orderId, String clientId, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-Test-Client", clientId);
        return SseClient.open(clientContext, client, server.actualPort(), "/v1/orders/" + orderId + "/events", all);
    }
}
