package io.aisle.adapters.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.contracts.Json;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.Trip;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.dispatch.TripStatus;
import io.aisle.contracts.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rider dispatch contract against WireMock stubs written from the documented API. */
class WireMockRiderDispatchContractTest extends RiderDispatchContractTest {

    private static final String BASE_PATH = "/rider-dispatch";
    private static final String BEARER = "Bearer " + API_KEY;

    private static WireMockServer wireMock;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .asynchronousResponseEnabled(true));
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    @Override
    protected Future<String> startDispatch(Vertx vertx) {
        wireMock.resetAll();
        // Calls without the right key are refused before anything else.
        wireMock.stubFor(any(urlPathMatching(BASE_PATH + "/.*")).atPriority(1)
                .withHeader("Authorization", notContaining(API_KEY))
                .willReturn(problem(401, "unauthenticated", "Missing or wrong API key")));
        // A trip nobody sent is unknown.
        wireMock.stubFor(get(urlPathMatching(BASE_PATH + "/v1/trips/[^/]+")).atPriority(9)
                .willReturn(problem(404, "unknown-trip", "Unknown trip")));
        wireMock.stubFor(post(urlPathMatching(BASE_PATH + "/v1/trips/[^/]+/ready")).atPriority(9)
                .willReturn(problem(404, "not-found", "Unknown trip")));
        return Future.succeededFuture(wireMock.baseUrl() + BASE_PATH);
    }

    @Override
    protected Future<Void> acceptsTrips(TripRequest trip) {
        String path = tripPath(trip.tripId());
        String body = json(trip);
        String scenario = "trip " + trip.tripId();
        wireMock.stubFor(put(urlPathEqualTo(path)).atPriority(5).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson(body))
                .willReturn(trip(201, trip.tripId(), TripStatus.REQUESTED)).willSetStateTo("created"));
        wireMock.stubFor(put(urlPathEqualTo(path)).atPriority(5).inScenario(scenario)
                .whenScenarioStateIs("created").withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson(body))
                .willReturn(trip(200, trip.tripId(), TripStatus.REQUESTED)));
        wireMock.stubFor(put(urlPathEqualTo(path)).atPriority(6)
                .willReturn(problem(409, "trip-id-conflict", "Trip id already used")));
        wireMock.stubFor(get(urlPathEqualTo(path)).atPriority(5).inScenario(scenario)
                .whenScenarioStateIs("created").willReturn(trip(200, trip.tripId(), TripStatus.REQUESTED)));
        wireMock.stubFor(get(urlPathEqualTo(path)).atPriority(5).inScenario(scenario)
                .whenScenarioStateIs("cancelled").willReturn(trip(200, trip.tripId(), TripStatus.CANCELLED)));
        wireMock.stubFor(post(urlPathEqualTo(path + "/cancel")).atPriority(5).inScenario(scenario)
                .whenScenarioStateIs("created").withRequestBody(matchingJsonPath("$.reason"))
                .willReturn(trip(200, trip.tripId(), TripStatus.CANCELLED)).willSetStateTo("cancelled"));
        wireMock.stubFor(post(urlPathEqualTo(path + "/ready")).atPriority(5).inScenario(scenario)
                .whenScenarioStateIs("created").withRequestBody(matchingJsonPath("$.pickupIds[0]"))
                .withRequestBody(matchingJsonPath("$.readyAt"))
                .willReturn(trip(200, trip.tripId(), TripStatus.REQUESTED)));
        return Future.succeededFuture();
    }

    @Override
    protected Future<Void> pickedUp(TripRequest trip) {
        wireMock.stubFor(post(urlPathEqualTo(tripPath(trip.tripId()) + "/cancel")).atPriority(2)
                .willReturn(problem(409, "trip-not-cancellable", "Trip can no longer be cancelled")));
        return Future.succeededFuture();
    }

    @Override
    protected Future<Void> fault(Fault fault) {
        ResponseDefinitionBuilder answer = switch (fault) {
            case HANG -> trip(201, "late", TripStatus.REQUESTED).withFixedDelay(5_000);
            case DOWN -> problem(503, "unavailable", "Rider dispatch is unavailable").withHeader("Retry-After", "1");
            case RESET -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
            case GARBAGE -> aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                    .withBody("{\"tripId\": <<not json>>");
            case RATE_LIMITED -> problem(429, "rate-limited", "Too many requests").withHeader("Retry-After", "1");
        };
        wireMock.stubFor(any(urlPathMatching(BASE_PATH + "/.*")).atPriority(1).willReturn(answer));
        return Future.succeededFuture();
    }

    @Override
    protected Future<Void> stopDispatch() {
        return Future.succeededFuture();
    }

    // ---- what only a stub can show ----------------------------------------------------------------

    @Test
    void sendsTheTripAsJsonWithTheApiKeyAsBearerToken(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.twoPickupTrip(TripFixtures.tripId(), NOT_READY, NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
                    wireMock.verify(1, putRequestedFor(urlPathEqualTo(tripPath(trip.tripId())))
                            .withHeader("Authorization", equalTo(BEARER))
                            .withHeader("Content-Type", containing("application/json"))
                            .withRequestBody(equalToJson(json(trip))));
                    ctx.completeNow();
                })));
    }

    @Test
    void sendsTheReasonForACancellation(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> dispatch.cancelTrip(trip.tripId(), "customer cancelled"))
                .onComplete(ctx.succeeding(cancelled -> ctx.verify(() -> {
                    wireMock.verify(1, postRequestedFor(urlPathEqualTo(tripPath(trip.tripId()) + "/cancel"))
                            .withHeader("Authorization", equalTo(BEARER))
                            .withRequestBody(equalToJson("{\"reason\": \"customer cancelled\"}")));
                    ctx.completeNow();
                })));
    }

    @Test
    void sendsTheReadyNoticeAsJsonNamingThePickupsAndOrders(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.aheadTrip(TripFixtures.tripId(), NOT_READY);
        String orderId = trip.dropoffs().get(0).orderId();
        BagsReady notice = new BagsReady(java.util.List.of("pickup-1"), java.util.List.of(orderId), Instant.parse("2026-03-02T02:31:40Z"));
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> dispatch.bagsReady(trip.tripId(), notice))
                .onComplete(ctx.succeeding(answered -> ctx.verify(() -> {
                    wireMock.verify(1, putRequestedFor(urlPathEqualTo(tripPath(trip.tripId())))
                            .withRequestBody(matchingJsonPath("$.pickups[0].readyNotice", equalTo("true"))));
                    wireMock.verify(1, postRequestedFor(urlPathEqualTo(tripPath(trip.tripId()) + "/ready"))
                            .withHeader("Authorization", equalTo(BEARER))
                            .withHeader("Content-Type", containing("application/json"))
                            .withRequestBody(equalToJson("{\"pickupIds\": [\"pickup-1\"], \"orderIds\": [\"" + orderId
                                    + "\"], \"readyAt\": \"2026-03-02T02:31:40Z\"}")));
                    ctx.completeNow();
                })));
    }

    @Test
    void reportsAnAnswerAboutAnotherTripAsMalformed(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        wireMock.stubFor(put(urlPathEqualTo(tripPath(trip.tripId()))).atPriority(2)
                .willReturn(trip(201, "someone-elses-trip", TripStatus.REQUESTED)));
        dispatch.createTrip(trip).onComplete(expectFailure(ctx, PartnerFailure.Kind.MALFORMED));
    }

    @Test
    void reportsJsonOfAnotherShapeAsMalformed(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        wireMock.stubFor(put(urlPathEqualTo(tripPath(trip.tripId()))).atPriority(2)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"tripId\": \"" + trip.tripId() + "\", \"status\": \"TELEPORTED\"}")));
        dispatch.createTrip(trip).onComplete(expectFailure(ctx, PartnerFailure.Kind.MALFORMED));
    }

    @Test
    void reportsAnEmptyAnswerAsUnavailable(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        wireMock.stubFor(put(urlPathEqualTo(tripPath(trip.tripId()))).atPriority(2)
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.EMPTY_RESPONSE)));
        dispatch.createTrip(trip).onComplete(expectFailure(ctx, PartnerFailure.Kind.UNAVAILABLE));
    }

    @Test
    void carriesTheProblemTitleIntoTheFailure(VertxTestContext ctx) {
        TripRequest trip = TripFixtures.singlePickupTrip(TripFixtures.tripId(), NOT_READY);
        acceptsTrips(trip)
                .compose(v -> dispatch.createTrip(trip))
                .compose(v -> pickedUp(trip))
                .compose(v -> dispatch.cancelTrip(trip.tripId(), "too late"))
                .onComplete(ctx.failing(error -> ctx.verify(() -> {
                    PartnerFailure failure = assertFailure(error, PartnerFailure.Kind.REJECTED);
                    assertTrue(failure.getMessage().contains("409"), failure.getMessage());
                    assertTrue(failure.getMessage().contains("Trip can no longer be cancelled"), failure.getMessage());
                    ctx.completeNow();
                })));
    }

    @Test
    void readsARetryAfterGivenAsAnHttpDate(Vertx vertx, VertxTestContext ctx) {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");
        String in30Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
        wireMock.stubFor(any(urlPathMatching(BASE_PATH + "/.*")).atPriority(2)
                .willReturn(problem(429, "rate-limited", "Too many requests").withHeader("Retry-After", in30Seconds)));
        RiderDispatch atFixedTime = new HttpRiderDispatchClient(vertx,
                RiderDispatchEndpoint.of(wireMock.baseUrl() + BASE_PATH, API_KEY).withCallTimeout(CALL_TIMEOUT),
                Clock.fixed(now, ZoneOffset.UTC));
        atFixedTime.trip(TripFixtures.tripId())
                .eventually(atFixedTime::close)
                .onComplete(ctx.failing(error -> ctx.verify(() -> {
                    PartnerFailure failure = assertFailure(error, PartnerFailure.Kind.RATE_LIMITED);
                    assertEquals(Duration.ofSeconds(30), failure.retryAfter());
                    ctx.completeNow();
                })));
    }

    @Test
    void refusesACallAtOnceWhenEveryConnectionAndQueueSlotIsTaken(Vertx vertx, VertxTestContext ctx) {
        fault(Fault.HANG);
        RiderDispatch narrow = new HttpRiderDispatchClient(vertx,
                new RiderDispatchEndpoint(wireMock.baseUrl() + BASE_PATH, API_KEY, 1, 0, SHORT_TIMEOUT));
        Future<Trip> occupying = narrow.trip(TripFixtures.tripId());
        Future<Trip> refused = narrow.trip(TripFixtures.tripId());
        Future.join(occupying, refused)
                .eventually(narrow::close)
                .onComplete(ignored -> ctx.verify(() -> {
                    assertFailure(occupying.cause(), PartnerFailure.Kind.TIMEOUT);
                    PartnerFailure failure = assertFailure(refused.cause(), PartnerFailure.Kind.UNAVAILABLE);
                    assertTrue(failure.getMessage().contains("busy"), failure.getMessage());
                    ctx.completeNow();
                }));
    }

    // ---- stubs ------------------------------------------------------------------------------------

    private static String tripPath(String tripId) {
        return BASE_PATH + "/v1/trips/" + tripId;
    }

    private static ResponseDefinitionBuilder trip(int status, String tripId, TripStatus tripStatus) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(json(new Trip(tripId, tripStatus, null)));
    }

    private static ResponseDefinitionBuilder problem(int status, String slug, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", Problem.MEDIA_TYPE)
                .withBody(json(Problem.of(status, slug, title, null)));
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
