package io.aisle.simulator;

import io.aisle.simulator.control.ControlApi;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.http.Problems;
import io.aisle.simulator.legacyxml.LegacyXmlSimulator;
import io.aisle.simulator.partnerapi.PartnerApiSimulator;
import io.aisle.simulator.pickers.PickResultReporter;
import io.aisle.simulator.pickers.StorePicking;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server, on one port, for the whole simulated fleet: the control API under {@code /sim} and
 * every {@link SimulatorModule} (the Aisle partner API under {@code /aisle-partner}, and the legacy XML,
 * push-only and rider dispatch simulators as they are added to {@link #standardModules}). Runs as one or
 * more verticle instances sharing the port, one per event loop.
 *
 * <p>Start it in-process with {@link #start(Vertx, Fleet, Options)} (dev mode, tests, load tests) or as
 * its own process with {@link FleetMain}.
 */
public final class FleetServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(FleetServer.class);

    /** Where and how wide to serve: host, port (0 = any free port) and the number of verticle instances. */
    public record Options(String host, int port, int instances) {

        public static final int DEFAULT_PORT = 8090;

        public Options {
            if (host == null || host.isBlank()) {
                host = "127.0.0.1";
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be within [0, 65535], got " + port);
            }
            if (instances <= 0) {
                instances = 1;
            }
        }

        /** Loopback, port 8090, one instance per core. */
        public static Options defaults() {
            return new Options("127.0.0.1", DEFAULT_PORT, Runtime.getRuntime().availableProcessors());
        }

        /** Loopback, any free port, one instance: for tests. */
        public static Options ephemeral() {
            return new Options("127.0.0.1", 0, 1);
        }

        public Options withPort(int newPort) {
            return new Options(host, newPort, instances);
        }

        public Options withInstances(int count) {
            return new Options(host, port, count);
        }
    }

    private final Fleet fleet;
    private final List<SimulatorModule> modules;
    private final String host;
    private final int port;
    private HttpServer server;

    public FleetServer(Fleet fleet, List<SimulatorModule> modules, String host, int port) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.modules = List.copyOf(modules);
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    /**
     * The modules every fleet serves. Each further simulator is one line here, e.g.
     * {@code new LegacyXmlSimulator(vertx, fleet)} or
     * {@code SimulatorModule.of(rider::mount, () -> Map.of("trips", rider.tripsCreated()))}. Pick results,
     * push-only calls and rider events go to the gateway at {@link PickResultReporter#gatewayUrlFromEnvironment()}.
     */
    public static List<SimulatorModule> standardModules(Vertx vertx, Fleet fleet) {
        String gatewayUrl = PickResultReporter.gatewayUrlFromEnvironment();
        StorePicking picking = StorePicking.reportingTo(vertx, fleet, gatewayUrl);
        List<SimulatorModule> modules = new ArrayList<>();
        modules.add(picking);
        modules.add(new PartnerApiSimulator(fleet, picking));
        modules.add(new LegacyXmlSimulator(fleet, picking));
        modules.add(io.aisle.simulator.pushonly.PushOnlySimulator.fromEnvironment(vertx, fleet));
        io.aisle.simulator.rider.RiderDispatchSimulator riders = new io.aisle.simulator.rider.RiderDispatchSimulator(vertx,
                io.aisle.simulator.rider.RiderSimulatorConfig.dev(
                        setting("AISLE_FLEET_RIDER_API_KEY", "dev-rider-key"),
                        gatewayUrl + "/dispatch/v1/events",
                        setting("AISLE_FLEET_RIDER_SECRET", "dev-rider-signing-secret")).withTimings(riderTimings()),
                java.time.Clock.systemUTC());
        modules.add(SimulatorModule.of(riders::mount, riders::stats));
        return modules;
    }

    /** Dev riders, or every step of a trip taking {@code aisle.fleet.rider-step} ms (FleetMain's --rider-step). */
    private static io.aisle.simulator.rider.RiderSimulatorConfig.Timings riderTimings() {
        String step = System.getProperty("aisle.fleet.rider-step");
        if (step == null || step.isBlank()) {
            return io.aisle.simulator.rider.RiderSimulatorConfig.Timings.dev();
        }
        java.time.Duration each = java.time.Duration.ofMillis(Long.parseLong(step));
        return new io.aisle.simulator.rider.RiderSimulatorConfig.Timings(each, each, each, each, 0);
    }

    private static String setting(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Serves the fleet with the {@linkplain #standardModules standard modules}. */
    public static Future<RunningFleet> start(Vertx vertx, Fleet fleet, Options options) {
        return start(vertx, fleet, options, standardModules(vertx, fleet));
    }

    /**
     * Serves the fleet with exactly these modules. With port 0 and several instances, the first
     * instance picks the free port and the others share it.
     */
    public static Future<RunningFleet> start(Vertx vertx, Fleet fleet, Options options, List<SimulatorModule> modules) {
        FleetServer first = new FleetServer(fleet, modules, options.host(), options.port());
        List<String> deployments = new ArrayList<>();
        return vertx.deployVerticle(first)
                .compose(id -> {
                    deployments.add(id);
                    if (options.instances() == 1) {
                        return Future.succeededFuture(id);
                    }
                    return vertx.deployVerticle(() -> new FleetServer(fleet, modules, options.host(), first.actualPort()),
                                    new DeploymentOptions().setInstances(options.instances() - 1))
                            .onSuccess(deployments::add);
                })
                .map(ignored -> {
                    RunningFleet running = new RunningFleet(vertx, fleet, options.host(), first.actualPort(), deployments);
                    LOG.info("Simulated fleet of {} stores ({} chains) serving on {} with {} instance(s)",
                            fleet.size(), fleet.chains().size(), running.baseUrl(), options.instances());
                    return running;
                });
    }

    /** The port this instance listens on, once started. */
    public int actualPort() {
        if (server == null) {
            throw new IllegalStateException("the fleet server is not listening yet");
        }
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        new ControlApi(fleet, modules).mount(router);
        modules.forEach(module -> module.mount(router));
        router.route().last().handler(ctx -> Problems.send(ctx, 404, "not-found", "Not found", "no route for " + ctx.request().path()));
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setAcceptBacklog(4_096)
                .setIdleTimeout(300);
        return vertx.createHttpServer(serverOptions)
                .requestHandler(router)
                .listen()
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
