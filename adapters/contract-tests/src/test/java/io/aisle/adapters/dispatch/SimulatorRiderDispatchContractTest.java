package io.aisle.adapters.dispatch;

import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.dispatch.TripStatus;
import io.aisle.simulator.rider.RiderDispatchSimulator;
import io.aisle.simulator.rider.RiderSimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The rider dispatch contract against the simulator, served over real HTTP on a free port and
 * driven through its control API ({@code POST /rider-dispatch/sim/faults}).
 */
class SimulatorRiderDispatchContractTest extends RiderDispatchContractTest {

    /** Assignment after half a second (trips answer REQUESTED), then a brisk ride. */
    private static final RiderSimulatorConfig.Timings TIMINGS = new RiderSimulatorConfig.Timings(
            Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(100), 0);

    private HttpServer server;
    private RiderDispatchSimulator simulator;
    private WebClient control;

    @Override
    protected Future<String> startDispatch(Vertx vertx) {
        Router router = Router.router(vertx);
        // Rider events go to a receiver on the same server that takes everything.
        router.post("/dispatch/v1/events").handler(ctx -> ctx.response().setStatusCode(202).end());
        control = WebClient.create(vertx);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(started -> {
            server = started;
            String origin = "http://127.0.0.1:" + started.actualPort();
            simulator = new RiderDispatchSimulator(vertx,
                    RiderSimulatorConfig.dev(API_KEY, origin + "/dispatch/v1/events", "contract-test-signing-secret")
                            .withTimings(TIMINGS),
                    Clock.systemUTC());
            simulator.mount(router);
            return origin + "/rider-dispatch";
        });
    }

    @Override
    protected Future<Void> acceptsTrips(TripRequest trip) {
        return Future.succeededFuture(); // that is what the simulator does unless told otherwise
    }

    @Override
    protected Future<Void> pickedUp(TripRequest trip) {
        return until(() -> dispatch.trip(trip.tripId()),
                found -> found.status() == TripStatus.PICKED_UP || found.status() == TripStatus.DELIVERED,
                Duration.ofSeconds(10)).mapEmpty();
    }

    @Override
    protected Future<Void> fault(Fault fault) {
        String mode = switch (fault) {
            case HANG -> "hang";
            case DOWN -> "error";
            case RESET -> "reset";
            case GARBAGE -> "garbage";
            case RATE_LIMITED -> "ratelimit";
        };
        return control.post(server.actualPort(), "127.0.0.1", RiderDispatchSimulator.CONTROL_PREFIX + "/faults")
                .sendJsonObject(new JsonObject().put("mode", mode).put("latencyMs", 0))
                .expecting(HttpResponseExpectation.SC_OK)
                .mapEmpty();
    }

    @Override
    protected Future<Void> stopDispatch() {
        control.close();
        return simulator.close().compose(v -> server.close());
    }
}
