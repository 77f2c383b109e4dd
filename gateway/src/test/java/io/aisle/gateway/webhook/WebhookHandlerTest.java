package io.aisle.gateway.webhook;

import static io.aisle.gateway.outbox.OutboxFixtures.addToOutbox;
import static io.aisle.gateway.outbox.OutboxFixtures.countByStatus;
import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.outbox.OutboxFixtures.outboxRow;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.api.OrderEvent;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.gateway.auth.ClientDirectory;
import io.aisle.gateway.order.model.OrderEventIds;
import io.aisle.gateway.outbox.Backoff;
import io.aisle.gateway.outbox.OutboxFixtures.OutboxRow;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.outbox.OutboxRelay;
import io.aisle.gateway.outbox.OutboxRelayConfig;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.webhook.WebhookReceiver.Mode;
import io.aisle.gateway.webhook.WebhookReceiver.Received;
import io.aisle.testing.TestClock;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookHandlerTest {

    private static final String SECRET = "app-one-signing-secret";
    private static final List<OrderStatus> LIFE = List.of(OrderStatus.RECEIVED, OrderStatus.CONFIRMED, OrderStatus.PICKING,
            OrderStatus.READY);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    private static Infra infra;
    private static WebhookReceiver receiver;
    private final List<String> deployments = new ArrayList<>();
    private WebhookHandler webhooks;
    // a minute ahead of the database, so rows written with now() are due at once
    private TestClock clock;

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        receiver = WebhookReceiver.start(infra.vertx);
        insertClient(infra.pg, "app-one", receiver.url("/hooks/app-one"), SECRET);
        insertClient(infra.pg, "app-quiet", null, null);
        insertClient(infra.pg, "app-unsigned", receiver.url("/hooks/app-unsigned"), null);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        infra.close();
    }

    @BeforeEach
    void reset() {
        clock = new TestClock(Instant.now().plus(Duration.ofMinutes(1)));
        await(infra.pg.query("delete from outbox").execute());
        receiver.mode(Mode.ACCEPT);
        receiver.clear();
    }

    @AfterEach
    void stopRelay() {
        deployments.forEach(id -> await(infra.vertx.undeploy(id)));
        deployments.clear();
        webhooks.close();
    }

    @Test
    void postsTheEventSignedWithTheClientSecret() throws Exception {
        OrderEvent event = event("ord-signed", 1, OrderStatus.RECEIVED, null);
        addToOutbox(infra.pg, WebhookHandler.message("app-one", event));

        OutboxRelay relay = deploy(50);

        eventually("the webhook is acknowledged", () -> "SENT".equals(outboxRow(infra.pg, "webhook:" + event.eventId()).status()));
        Received request = receiver.received().get(0);
        assertEquals("/hooks/app-one", request.path());
        assertEquals("application/json", request.headers().get("Content-Type"));
        assertEquals(event.eventId(), request.headers().get(WebhookHandler.EVENT_ID_HEADER));
        assertEquals(event, Json.mapper().readValue(request.body(), OrderEvent.class));
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        String timestamp = request.headers().get(HmacSigner.TIMESTAMP_HEADER);
        String nonce = request.headers().get(HmacSigner.NONCE_HEADER);
        String signature = request.headers().get(HmacSigner.SIGNATURE_HEADER);
        assertEquals(Optional.empty(), new HmacSigner(SECRET, clock, HmacSigner.DEFAULT_TOLERANCE)
                .verify(timestamp, nonce, signature, body), "verifies with the client's secret");
        assertTrue(new HmacSigner("some-other-clients-secret", clock, HmacSigner.DEFAULT_TOLERANCE)
                .verify(timestamp, nonce, signature, body).isPresent(), "does not verify with another secret");
        eventually("the relay counts what it sent", () -> relay.sent() == 1);
    }

    @Test
    void receiverThatFailsForAWhileGetsEveryWebhookLaterInOrderPerOrder() {
        receiver.mode(Mode.HANG);
        List<String> orders = List.of("ord-1", "ord-2", "ord-3");
        for (int seq = 1; seq <= LIFE.size(); seq++) {
            for (String order : orders) {
                OrderStatus previous = seq == 1 ? null : LIFE.get(seq - 2);
                addToOutbox(infra.pg, WebhookHandler.message("app-one", event(order, seq, LIFE.get(seq - 1), previous)));
            }
        }
        OutboxRelay relay = deploy(50);

        eventually("the first webhook of every order went unanswered",
                () -> orders.stream().allMatch(o -> outboxRow(infra.pg, firstOf(o)).attempts() >= 1));
        assertTrue(outboxRow(infra.pg, firstOf("ord-1")).lastError().endsWith("no answer within 300 ms"));
        receiver.mode(Mode.FAIL);
        clock.advance(BACKOFF.cap());
        relay.wake();
        eventually("the first webhook of every order was refused",
                () -> orders.stream().allMatch(o -> outboxRow(infra.pg, firstOf(o)).attempts() >= 2));
        assertEquals(0, countByStatus(infra.pg, "SENT"));

        receiver.mode(Mode.ACCEPT);
        clock.advance(BACKOFF.cap());
        relay.wake();

        eventually("every webhook is acknowledged", () -> countByStatus(infra.pg, "SENT") == orders.size() * LIFE.size());
        for (String order : orders) {
            List<Long> sent = sequences(order, false);
            List<Long> acknowledged = sequences(order, true);
            assertEquals(List.of(1L, 2L, 3L, 4L), acknowledged, order + ": every event acknowledged once, in order");
            for (int i = 1; i < sent.size(); i++) {
                assertTrue(sent.get(i - 1) <= sent.get(i), order + ": never an event before an earlier one of its order " + sent);
            }
            assertTrue(sent.size() >= 6, order + ": the first event was tried at least three times " + sent);
        }
        Set<String> nonces = new HashSet<>();
        receiver.received().forEach(r -> nonces.add(r.headers().get(HmacSigner.NONCE_HEADER)));
        assertEquals(receiver.received().size(), nonces.size(), "a fresh signature for every attempt");
        assertTrue(outboxRow(infra.pg, firstOf("ord-1")).lastError().contains("503"), "the last failure is kept");
    }

    @Test
    void webhookThatKeepsFailingIsGivenUpAfterTheConfiguredAttempts() {
        receiver.mode(Mode.FAIL);
        OrderEvent event = event("ord-doomed", 1, OrderStatus.RECEIVED, null);
        addToOutbox(infra.pg, WebhookHandler.message("app-one", event));
        OutboxRelay relay = deploy(3);

        for (int attempt = 1; attempt < 3; attempt++) {
            int expected = attempt;
            eventually("attempt " + attempt + " failed", () -> outboxRow(infra.pg, "webhook:" + event.eventId()).attempts() == expected);
            clock.advance(BACKOFF.cap());
            relay.wake();
        }

        OutboxRow row = eventually("the webhook is given up", () -> outboxRow(infra.pg, "webhook:" + event.eventId()),
                r -> r.status().equals("DEAD"));
        assertEquals(3, row.attempts());
        assertTrue(row.lastError().contains("503"), row.lastError());
        assertEquals(3, receiver.received().size());
        eventually("the relay counts the row it gave up", () -> relay.dead() == 1);
    }

    @Test
    void clientWithoutWebhookUrlIsAcknowledgedWithoutARequest() {
        OrderEvent event = event("ord-quiet", 1, OrderStatus.RECEIVED, null);
        addToOutbox(infra.pg, WebhookHandler.message("app-quiet", event));

        deploy(50);

        eventually("the message is acknowledged", () -> "SENT".equals(outboxRow(infra.pg, "webhook:" + event.eventId()).status()));
        assertEquals(List.of(), receiver.received());
    }

    @Test
    void clientWithoutSigningSecretGetsNothingUnsigned() {
        OrderEvent event = event("ord-unsigned", 1, OrderStatus.RECEIVED, null);
        addToOutbox(infra.pg, WebhookHandler.message("app-unsigned", event));

        deploy(50);

        OutboxRow row = eventually("the attempt failed", () -> outboxRow(infra.pg, "webhook:" + event.eventId()),
                r -> r.attempts() == 1);
        assertEquals("PENDING", row.status(), "tried again once a secret is registered");
        assertTrue(row.lastError().contains("signing secret"), row.lastError());
        assertEquals(List.of(), receiver.received());
    }

    @Test
    void malformedPayloadOrUnknownClientIsGivenUpAtOnce() {
        addToOutbox(infra.pg, new OutboxMessage(WebhookHandler.TOPIC, "ord-bad", "webhook:bad",
                new JsonObject().put("clientId", "app-one").put("event", new JsonObject().put("orderId", "ord-bad"))));
        OrderEvent event = event("ord-orphan", 1, OrderStatus.RECEIVED, null);
        addToOutbox(infra.pg, WebhookHandler.message("app-gone", event));

        deploy(50);

        eventually("both are given up", () -> countByStatus(infra.pg, "DEAD") == 2);
        assertTrue(outboxRow(infra.pg, "webhook:bad").lastError().startsWith("malformed webhook payload"));
        assertEquals("no client app-gone", outboxRow(infra.pg, "webhook:" + event.eventId()).lastError());
        assertEquals(List.of(), receiver.received());
    }

    private OutboxRelay deploy(int maxAttempts) {
        webhooks = new WebhookHandler(infra.vertx, new ClientDirectory(infra.pg, clock), clock,
                new WebhookConfig(Duration.ofMillis(300), 4, 64, Duration.ofSeconds(30)));
        OutboxRelay relay = new OutboxRelay(infra.pg,
                new OutboxRelayConfig(Duration.ofMillis(20), 8, 2, Duration.ofSeconds(2), BACKOFF, maxAttempts, Duration.ofHours(1)),
                clock).register(WebhookHandler.TOPIC, webhooks);
        deployments.add(await(infra.vertx.deployVerticle(relay)));
        return relay;
    }

    /** The sequences of {@code orderId}'s events the receiver got (or only those it acknowledged), in arrival order. */
    private static List<Long> sequences(String orderId, boolean acknowledgedOnly) {
        List<Long> sequences = new ArrayList<>();
        for (Received r : receiver.received()) {
            JsonObject event = new JsonObject(r.body());
            if (event.getString("orderId").equals(orderId) && (!acknowledgedOnly || r.acknowledged())) {
                sequences.add(event.getLong("sequence"));
            }
        }
        return sequences;
    }

    private static String firstOf(String orderId) {
        return "webhook:" + OrderEventIds.of(orderId, 1);
    }

    private static OrderEvent event(String orderId, int seq, OrderStatus status, OrderStatus previous) {
        return new OrderEvent(OrderEventIds.of(orderId, seq), orderId, seq, status, previous,
                Instant.parse("2026-03-02T02:30:00Z").plusSeconds(seq * 60L), "hh-88412", "step " + seq);
    }
}
