package io.aisle.gateway.dev;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.MainThread;
import java.time.Duration;
import io.aisle.gateway.config.ConfigLoader;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.simulator.fleet.FleetSpec;
import io.vertx.core.Future;
import io.aisle.gateway.config.ObservabilityConfig;
import io.aisle.gateway.observability.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode: nothing installed but a JDK. Starts embedded PostgreSQL and Redis, the simulated partner
 * fleet and rider dispatch on their own port (reached over real HTTP through the production adapters),
 * seeds the store registry, then the gateway. Ctrl-C stops everything it started.
 */
public final class DevMode {

    private static final Logger LOG = LoggerFactory.getLogger(DevMode.class);
    /** Dev mode's super-app client and its API key, and the operator key of the admin API. */
    public static final String CLIENT_ID = "dev-superapp";
    public static final String CLIENT_KEY = "dev-superapp-key";
    public static final String OPERATOR_KEY = "dev-operator-key";

    private DevMode() {
    }

    /** Dev mode's command-line options. */
    public record Options(int port, int fleetPort, int stores, boolean openAllDay) {

        public static Options parse(List<String> args) {
            int port = 8080;
            int fleetPort = 8090;
            int stores = FleetSpec.DEFAULT_STORES;
            boolean openAllDay = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if ("--open-all-day".equals(arg)) {
                    openAllDay = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--port" -> port = number(arg, value);
                    case "--fleet-port" -> fleetPort = number(arg, value);
                    case "--stores" -> stores = number(arg, value);
                    default -> throw new IllegalArgumentException("unknown option for dev: " + arg);
                }
            }
            return new Options(port, fleetPort, stores, openAllDay);
        }

        private static int number(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a number, got " + value);
            }
        }
    }

    /** The running dev stack; {@link #close()} stops every part in reverse order. */
    public static final class Stack implements AutoCloseable {
        private final EmbeddedPostgresServer postgres;
        private final EmbeddedRedisServer redis;
        private final Vertx fleetVertx;
        private final DevFleet fleet;
        private final Vertx vertx;
        private final Gateway gateway;
        private final Telemetry telemetry;

        Stack(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, Vertx fleetVertx, DevFleet fleet, Vertx vertx,
              Gateway gateway, Telemetry telemetry) {
            this.telemetry = telemetry;
            this.postgres = postgres;
            this.redis = redis;
            this.fleetVertx = fleetVertx;
            this.fleet = fleet;
            this.vertx = vertx;
            this.gateway = gateway;
        }

        public int fleetPort() {
            return fleet.port();
        }

        public Gateway gateway() {
            return gateway;
        }

        @Override
        public synchronized void close() {
            awaitQuietly(gateway.stop());
            awaitQuietly(vertx.close());
            telemetry.close();
            awaitQuietly(fleet.stop());
            awaitQuietly(fleetVertx.close());
            try {
                redis.close();
            } catch (RuntimeException e) {
                LOG.warn("embedded Redis did not stop cleanly: {}", e.toString());
            }
            try {
                postgres.close();
            } catch (RuntimeException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
            }
        }
    }

    public static void run(Options options) {
        long started = System.nanoTime();
        Stack stack = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("dev mode stopping: gateway, fleet, Redis, PostgreSQL");
            stack.close();
        }, "aisle-dev-shutdown"));
        System.out.printf("Embedded PostgreSQL on 127.0.0.1:%d (database aisle, user postgres), Redis on %s%n",
                stack.postgres.port(), stack.redis.url());
        System.out.printf("Simulated fleet of %d stores on %s (control API under /sim)%n", stack.fleet.size(), stack.fleet.baseUrl());
        System.out.printf("API keys: client %s (Authorization: Bearer %s), operator (Bearer %s)%n", CLIENT_ID, CLIENT_KEY, OPERATOR_KEY);
        System.out.printf("Ops page on http://localhost:%d/ops (any user name, password %s)%n", stack.gateway().port(), OPERATOR_KEY);
        System.out.printf("Aisle dev mode ready on http://localhost:%d (fleet on :%d, started in %d ms)%n",
                stack.gateway().port(), stack.fleetPort(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    public static Stack start(Options options) {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        EmbeddedRedisServer redis;
        try {
            redis = EmbeddedRedisServer.start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        Telemetry telemetry = Telemetry.create(ObservabilityConfig.defaults());
        Vertx fleetVertx = Vertx.vertx();
        Vertx vertx = telemetry.vertx(new VertxOptions());
        DevFleet fleet = null;
        try {
            // the fleet calls the gateway back (stock pushes, rider events): fix its port before either starts
            Options resolved = options.port() == 0
                    ? new Options(EmbeddedRedisServer.freePort(), options.fleetPort(), options.stores(), options.openAllDay())
                    : options;
            fleet = DevFleet.prepare(FleetSpec.withTotalStores(resolved.stores()), resolved.fleetPort());
            GatewayConfig config = devConfig(resolved, postgres, redis, fleet);
            Gateway gateway = await(Gateway.start(vertx, config));
            await(fleet.seed(gateway, resolved.openAllDay()));
            await(fleet.serve(fleetVertx, "http://127.0.0.1:" + gateway.port()));
            return new Stack(postgres, redis, fleetVertx, fleet, vertx, gateway, telemetry);
        } catch (RuntimeException e) {
            awaitQuietly(vertx.close());
            awaitQuietly(fleetVertx.close());
            redis.close();
            postgres.close();
            throw e;
        }
    }

    static GatewayConfig devConfig(Options options, EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, DevFleet fleet) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode tree = json.objectNode();
        tree.putObject("http").put("port", options.port());
        // the simulated riders are assigned 200 ms after a trip is requested and ride 300 ms to the store: a rider is
        // requested that long before the bags are expected ready
        tree.putObject("riderDispatch")
                .put("baseUrl", fleet.baseUrl() + "/rider-dispatch")
                .put("apiKey", DevFleet.RIDER_API_KEY)
                .put("signingSecret", DevFleet.RIDER_SIGNING_SECRET)
                .put("approachMs", 500);
        // dev mode shows an order's whole life within a minute: short waves, and picking expected to take what the
        // simulated pickers take (3 s a pick list and 300 ms a line), so that riders arrive as the bags are ready
        tree.putObject("picking").put("waveWindowMs", 3000).put("pickBaseMs", 3000).put("pickPerLineMs", 300)
                .put("checkPeriodMs", 500).put("redispatchBackoffMs", 2000);
        tree.putObject("auth").put("operatorKey", OPERATOR_KEY);
        // on a developer's machine anyone may read /metrics
        tree.putObject("observability").put("metricsOpen", true);
        // the dev client may try every priority class
        tree.putArray("clients").addObject().put("clientId", CLIENT_ID).put("name", "Dev super-app").put("apiKey", CLIENT_KEY)
                .putArray("priorities").add("ESSENTIAL_WORKER").add("HOSPITAL");
        GatewayConfig config = new ConfigLoader(Map.of()).load(tree);
        return config
                .withChains(fleet.endpoints())
                .withPostgres(postgres.createDatabase("aisle", config.postgres().poolSize()))
                .withRedis(new io.aisle.gateway.config.RedisConfig(redis.url(), config.redis().poolSize(), config.redis().maxWaitingHandlers()));
    }

    private static <T> T await(Future<T> future) {
        return MainThread.await(future, Duration.ofMinutes(5));
    }

    private static void awaitQuietly(Future<?> future) {
        MainThread.awaitQuietly(future, Duration.ofSeconds(30));
    }
}
