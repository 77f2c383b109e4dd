package io.aisle.adapters.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.adapters.callback.CallbackRejected.Reason;
import io.aisle.adapters.callback.RedisNonceStore;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.testing.Ports;
import io.aisle.testing.TestRedis;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RiderEventReceiverTest {

    private static final String SECRET = "rider-events-test-secret";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static String redisUri;

    private Redis redis;
    private RiderEventReceiver receiver;
    private HmacSigner rider;

    @BeforeAll
    static void takeARedisDatabase() {
        redisUri = TestRedis.freshDatabase();
    }

    @BeforeEach
    void connect(Vertx vertx) {
        redis = Redis.createClient(vertx, redisUri);
        receiver = new RiderEventReceiver(new HmacSigner(SECRET, Clock.systemUTC(), TOLERANCE), new RedisNonceStore(redis));
        rider = new HmacSigner(SECRET, Clock.systemUTC(), TOLERANCE);
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void acceptsAFreshSignedEvent(VertxTestContext ctx) {
        RiderEvent event = pickedUp();
        byte[] body = json(event);
        receiver.receive(headers(rider.sign(body)), Buffer.buffer(body))
                .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
                    assertEquals(event, received);
                    ctx.completeNow();
                })));
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret(VertxTestContext ctx) {
        byte[] body = json(pickedUp());
        HmacSigner impostor = new HmacSigner("someone-elses-secret-key", Clock.systemUTC(), TOLERANCE);
        receiver.receive(headers(impostor.sign(body)), Buffer.buffer(body))
                .onComplete(expectRejection(ctx, Reason.UNAUTHENTICATED));
    }

    @Test
    void refusesABodyChangedAfterSigning(VertxTestContext ctx) {
        RiderEvent event = pickedUp();
        HmacSigner.Signature signature = rider.sign(json(event));
        byte[] changed = json(new RiderEvent(event.eventId(), event.tripId(), RiderEventType.DELIVERED, event.at(),
                event.riderId(), null, "order-1", null));
        receiver.receive(headers(signature), Buffer.buffer(changed))
                .onComplete(expectRejection(ctx, Reason.UNAUTHENTICATED));
    }

    @Test
    void refusesAnEventWithoutSignatureHeaders(VertxTestContext ctx) {
        receiver.receive(MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(json(pickedUp())))
                .onComplete(expectRejection(ctx, Reason.UNAUTHENTICATED));
    }

    @Test
    void refusesAnEventSignedLongerAgoThanTheTolerance(VertxTestContext ctx) {
        byte[] body = json(pickedUp());
        Clock tenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        HmacSigner late = new HmacSigner(SECRET, tenMinutesAgo, TOLERANCE);
        receiver.receive(headers(late.sign(body)), Buffer.buffer(body))
                .onComplete(expectRejection(ctx, Reason.UNAUTHENTICATED));
    }

    @Test
    void refusesTheSameSignedMessageTheSecondTime(VertxTestContext ctx) {
        byte[] body = json(pickedUp());
        MultiMap headers = headers(rider.sign(body));
        receiver.receive(headers, Buffer.buffer(body))
                .compose(first -> receiver.receive(headers, Buffer.buffer(body)))
                .onComplete(expectRejection(ctx, Reason.REPLAYED));
    }

    @Test
    void acceptsTheSameEventAgainWhenSignedAfresh(VertxTestContext ctx) {
        RiderEvent event = pickedUp();
        byte[] body = json(event);
        receiver.receive(headers(rider.sign(body)), Buffer.buffer(body))
                .compose(first -> receiver.receive(headers(rider.sign(body)), Buffer.buffer(body)))
                .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
                    assertEquals(event.eventId(), again.eventId());
                    ctx.completeNow();
                })));
    }

    @Test
    void refusesASignedBodyThatIsNotJson(VertxTestContext ctx) {
        byte[] body = "PICKED_UP trip-1".getBytes(StandardCharsets.UTF_8);
        receiver.receive(headers(rider.sign(body)), Buffer.buffer(body))
                .onComplete(expectRejection(ctx, Reason.MALFORMED));
    }

    @Test
    void refusesSignedJsonThatIsNotARiderEvent(VertxTestContext ctx) {
        byte[] body = "{\"tripId\": \"trip-1\", \"type\": \"BEAMED_UP\"}".getBytes(StandardCharsets.UTF_8);
        receiver.receive(headers(rider.sign(body)), Buffer.buffer(body))
                .onComplete(expectRejection(ctx, Reason.MALFORMED));
    }

    @Test
    void keepsANonceForTwiceTheToleranceAndNoLonger(VertxTestContext ctx) {
        byte[] body = json(pickedUp());
        HmacSigner.Signature signature = rider.sign(body);
        receiver.receive(headers(signature), Buffer.buffer(body))
                .compose(event -> redis.send(Request.cmd(Command.PTTL).arg(RedisNonceStore.DEFAULT_PREFIX + signature.nonce())))
                .onComplete(ctx.succeeding(ttl -> ctx.verify(() -> {
                    long millis = ttl.toLong();
                    assertTrue(millis > TOLERANCE.toMillis() && millis <= TOLERANCE.multipliedBy(2).toMillis(),
                            "nonce expires within twice the tolerance, ttl " + millis + " ms");
                    ctx.completeNow();
                })));
    }

    @Test
    void asksTheSenderToRetryWhenTheNonceStoreIsDown(Vertx vertx, VertxTestContext ctx) {
        Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:" + Ports.freePort());
        RiderEventReceiver withoutRedis = new RiderEventReceiver(new HmacSigner(SECRET, Clock.systemUTC(), TOLERANCE),
                new RedisNonceStore(unreachable));
        byte[] body = json(pickedUp());
        withoutRedis.receive(headers(rider.sign(body)), Buffer.buffer(body))
                .eventually(() -> {
                    unreachable.close();
                    return Future.succeededFuture();
                })
                .onComplete(expectRejection(ctx, Reason.UNAVAILABLE));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static RiderEvent pickedUp() {
        return new RiderEvent(UUID.randomUUID().toString(), "trip-" + UUID.randomUUID(), RiderEventType.PICKED_UP,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "rider-7",
                "pickup-1", null, null);
    }

    private static MultiMap headers(HmacSigner.Signature signature) {
        // Lower case on purpose: HTTP header names are case-insensitive.
        return MultiMap.caseInsensitiveMultiMap()
                .add(HmacSigner.TIMESTAMP_HEADER.toLowerCase(), signature.timestamp())
                .add(HmacSigner.NONCE_HEADER.toLowerCase(), signature.nonce())
                .add(HmacSigner.SIGNATURE_HEADER.toLowerCase(), signature.signature());
    }

    private static byte[] json(RiderEvent event) {
        try {
            return Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Handler<AsyncResult<T>> expectRejection(VertxTestContext ctx, Reason reason) {
        return ctx.failing(error -> ctx.verify(() -> {
            CallbackRejected rejected = assertInstanceOf(CallbackRejected.class, error, () -> "a typed refusal, got " + error);
            assertEquals(reason, rejected.reason(), rejected::getMessage);
            ctx.completeNow();
        }));
    }
}
