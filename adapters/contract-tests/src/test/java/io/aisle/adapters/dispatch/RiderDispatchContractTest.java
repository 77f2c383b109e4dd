package io.aisle.adapters.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.Trip;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.dispatch.TripStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the gateway relies on from rider dispatch, through {@link HttpRiderDispatchClient}. Each
 * subclass supplies a dispatch that behaves as each test arranges: WireMock stubs, or the rider
 * dispatch simulator driven through its control API. Both run the same tests, so the client, the
 * stubs and the simulator cannot drift apart.
 */
@ExtendWith(VertxExtension.class)
public abstract class RiderDispatchContractTest {

    protected static final String API_KEY = "contract-test-rider-key";
    /** Generous, so a cold JVM on a busy machine does not turn an answer into a timeout. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    /** The timeout of the client that meets a dispatch that does not answer. */
    protected static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    /** Bags ready long after any test ends: the rider never picks up. */
    protected static final Instant NOT_READY = Instant.now().plus(Duration.ofHours(6));

    /** The faults a dispatch can have. */
    protected enum Fault { HANG, DOWN, RESET, GARBAGE, RATE_LIMITED }

    protected Vertx vertx;
    protected RiderDispatch dispatch;
    private String baseUrl;

    /** Starts the dispatch under test; answers its base URL, e.g. {@code http://127.0.0.1:1234/rider-dispatch}. */
    protected abstract Future<String> startDispatch(Vertx vertx);

    /** Dispatch serves {@code trip} as documented: creates, replays, serves and cancels it. */
    protected abstract Future<Void> acceptsTrips(TripRequest trip);

    /** {@code trip}, already created, has its parcels picked up. */
    protected abstract Future<Void> pickedUp(TripRequest trip);

    /** From now on every API call meets {@code fault}. */
    protected abstract Future<Void> fault(Fault fault);

    protected abstract Future<Void> stopDispatch();

    @BeforeEach
    void startClient(Vertx vertx, VertxTestContext ctx) {
        this.vertx = vertx;
        startDispatch(vertx).onComplete(ctx.succeeding(url -> {
            baseUrl = url;
            dispatch = client(API_KEY);
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stopClient(VertxTestContext ctx) {
        dispatch.close().compose(v -> stopDispatch()).onComplete(ctx.succeedingThenComplete());
    }

    protected RiderDispatch client(String apiKey) {
        return client(apiKey, CALL_TIMEOUT);
    }

    protected RiderDispatch client(String apiKey, Duration timeout) {
        return new HttpRiderDispatchClient(vertx, new RiderDispatchEndpoint(baseUrl, apiKey, 4, 16, timeout));
    }

    @Test
    void createsATripDispatchHasNotSeen(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.twoPickupTrip(TripFixtures.tripId(), NOT_READY, NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
                    assertEquals(trip.tripId(), created.tripId());
                    assertEquals(TripStatus.REQUESTED, created.status());
                    ctx.completeNow();
                })));
    }

    @Test
    void returnsTheSameTripWhenTheTripIsSentAgain(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(first -> dispatch.createTrip(trip).map(second -> new Trip[] {first, second}))
                .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                    assertEquals(both[0].tripId(), both[1].tripId());
                    assertEquals(TripStatus.REQUESTED, both[1].status());
                    ctx.completeNow();
                })));
    }

    @Test
    void rejectsAnotherTripUnderAnIdAlreadyTaken(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> dispatch.createTrip(TripFixtures.sameIdOtherTrip(trip)))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.REJECTED));
    }

    @Test
    void looksUpATripByItsId(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> dispatch.trip(trip.tripId()))
                .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
                    assertEquals(trip.tripId(), found.tripId());
                    assertEquals(TripStatus.REQUESTED, found.status());
                    ctx.completeNow();
                })));
    }

    @Test
    void rejectsTheLookupOfATripNeverSent(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.trip(TripFixtures.tripId()))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.REJECTED));
    }

    @Test
    void cancelsATripBeforeItsParcelsArePickedUp(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.twoPickupTrip(TripFixtures.tripId(), NOT_READY, NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> dispatch.cancelTrip(trip.tripId(), "customer cancelled"))
                .compose(cancelled -> dispatch.trip(trip.tripId()).map(after -> new Trip[] {cancelled, after}))
                .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                    assertEquals(TripStatus.CANCELLED, both[0].status());
                    assertEquals(TripStatus.CANCELLED, both[1].status());
                    ctx.completeNow();
                })));
    }

    @Test
    void refusesToCancelATripOnceItsParcelsArePickedUp(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), Instant.now());
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> pickedUp(trip))
                .compose(v -> dispatch.cancelTrip(trip.tripId(), "too late"))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.REJECTED));
    }

    @Test
    void takesTheNoticeThatTheBagsOfATripRequestedAheadAreReady(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.aheadTrip(TripFixtures.tripId(), Instant.now().plusSeconds(60));
        BagsReady notice = new BagsReady(List.of("pickup-1"), List.of(trip.dropoffs().get(0).orderId()), Instant.now());
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> dispatch.bagsReady(trip.tripId(), notice))
                .compose(first -> dispatch.bagsReady(trip.tripId(), notice).map(again -> new Trip[] {first, again}))
                .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                    assertEquals(trip.tripId(), both[0].tripId());
                    assertEquals(trip.tripId(), both[1].tripId(), "the same notice again is taken again");
                    ctx.completeNow();
                })));
    }

    @Test
    void rejectsAReadyNoticeForATripNeverSent(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.aheadTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.bagsReady(TripFixtures.tripId(), new BagsReady(List.of("pickup-1"), List.of(), Instant.now())))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.REJECTED));
    }

    @Test
    void rejectsAWrongApiKey(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        RiderDispatch intruder = client("not-the-key");
        acceptsTrips(trip)
                .compose(v -> intruder.createTrip(trip))
                .eventually(intruder::close)
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.REJECTED));
    }

    @Test
    void timesOutWhenDispatchDoesNotAnswer(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        RiderDispatch impatient = client(API_KEY, SHORT_TIMEOUT);
        fault(Fault.HANG)
                .compose(v -> impatient.createTrip(trip))
                .eventually(impatient::close)
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.TIMEOUT));
    }

    @Test
    void reportsDispatchDownAsUnavailable(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        fault(Fault.DOWN)
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.UNAVAILABLE));
    }

    @Test
    void reportsAConnectionClosedMidCallAsUnavailable(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        fault(Fault.RESET)
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.UNAVAILABLE));
    }

    @Test
    void reportsAnAnswerThatIsNotJsonAsMalformed(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        fault(Fault.GARBAGE)
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(expectFailure(ctx, PartnerFailure.Kind.MALFORMED));
    }

    @Test
    void reportsAnExhaustedQuotaAsRateLimitedWithTheWaitAsked(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        fault(Fault.RATE_LIMITED)
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(ctx.failing(error -> ctx.verify(() -> {
                    PartnerFailure failure = assertFailure(error, PartnerFailure.Kind.RATE_LIMITED);
                    assertNotNull(failure.retryAfter(), "Retry-After is passed on");
                    assertTrue(failure.retryAfter().toSeconds() >= 1, "waits at least the second asked");
                    ctx.completeNow();
                })));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    protected static <T> Handler<AsyncResult<T>> expectFailure(VertxTestContext ctx, PartnerFailure.Kind kind) {
        return ctx.failing(error -> ctx.verify(() -> {
            assertFailure(error, kind);
            ctx.completeNow();
        }));
    }

    protected static PartnerFailure assertFailure(Throwable error, PartnerFailure.Kind kind) {
        PartnerFailure failure = assertInstanceOf(PartnerFailure.class, error, () -> "a typed failure, got " + error);
        assertEquals(kind, failure.kind(), failure::getMessage);
        assertEquals(HttpRiderDispatchClient.PARTNER_ID, failure.chainId());
        assertNull(failure.storeId());
        return failure;
    }

    /** Asks again every 50 ms until {@code done} holds, for at most {@code limit}. */
    protected Future<Trip> until(Supplier<Future<Trip>> ask, Predicate<Trip> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        return poll(ask, done, deadline);
    }

    private Future<Trip> poll(Supplier<Future<Trip>> ask, Predicate<Trip> done, long deadline) {
        return ask.get().compose(trip -> {
            if (done.test(trip)) {
                return Future.succeededFuture(trip);
            }
            if (System.nanoTime() > deadline) {
                return Future.failedFuture(new AssertionError("trip " + trip.tripId() + " still " + trip.status()));
            }
            return vertx.timer(50).compose(v -> poll(ask, done, deadline));
        });
    }
}
