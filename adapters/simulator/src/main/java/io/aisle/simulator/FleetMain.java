package io.aisle.simulator;

import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Timings;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulated fleet as its own process (load tests, docker-compose). Settings come from
 * {@code --name=value} arguments, else from the environment, else defaults:
 * <pre>
 * --port       AISLE_FLEET_PORT       8090
 * --host       AISLE_FLEET_HOST       127.0.0.1 (0.0.0.0 in a container)
 * --stores     AISLE_FLEET_STORES     7000 (shared by the three chains)
 * --seed       AISLE_FLEET_SEED       20200123
 * --instances  AISLE_FLEET_INSTANCES  one per core
 * --timings    AISLE_FLEET_TIMINGS    dev | realistic
 * --gateway-url  AISLE_FLEET_GATEWAY_URL  http://127.0.0.1:8080 (where push-only chains call back, every
 *                                         chain posts its pick results and rider dispatch sends events)
 * --push-secret  AISLE_FLEET_PUSH_SECRET  each push-only chain's own dev secret
 * --push-period  AISLE_FLEET_PUSH_PERIOD  30s (a SNAPSHOT per push-only store)
 * --pull-period  AISLE_FLEET_PULL_PERIOD  10s (a pick-list pull per push-only store)
 * --faults       AISLE_FLEET_FAULTS       none; a fault mix over the stores, e.g. hang=10%,error=5% or slow:800=5%
 *                                         (mode[:latencyMs]=share%; the stores are drawn from the seed)
 * --pick-base    AISLE_FLEET_PICK_BASE    the timings' (dev: 3s); a picker's fixed time per pick list
 * --pick-per-line  AISLE_FLEET_PICK_PER_LINE  the timings' (dev: 300ms); a picker's time per line
 * --rider-step   AISLE_FLEET_RIDER_STEP   dev riders (200-300 ms); every step of a trip (assign, ride, dwell), e.g. 1s
 * </pre>
 * Durations are {@code 250ms}, {@code 3s} or {@code 2m}.
 * Prints one line when it serves, and stops cleanly on SIGTERM/Ctrl-C.
 */
public final class FleetMain {

    private FleetMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = settings(args);
        for (String callback : List.of("gateway-url", "push-secret", "push-period", "pull-period")) {
            // Read by PushOnlySimulatorConfig.fromEnvironment() and PickResultReporter.gatewayUrlFromEnvironment(),
            // which fall back to the environment themselves.
            String value = settings.get(callback);
            if (value != null && !value.isBlank()) {
                System.setProperty("aisle.fleet." + callback, value);
            }
        }
        int port = Integer.parseInt(setting(settings, "port", "8090"));
        String host = setting(settings, "host", "127.0.0.1");
        int stores = Integer.parseInt(setting(settings, "stores", Integer.toString(FleetSpec.DEFAULT_STORES)));
        long seed = Long.parseLong(setting(settings, "seed", Long.toString(FleetSpec.DEFAULT_SEED)));
        int instances = Integer.parseInt(setting(settings, "instances", Integer.toString(Runtime.getRuntime().availableProcessors())));
        Timings timings = switch (setting(settings, "timings", "dev").toLowerCase(Locale.ROOT)) {
            case "dev" -> Timings.dev();
            case "realistic" -> Timings.realistic();
            default -> throw new IllegalArgumentException("timings is dev or realistic");
        };
        timings = new Timings(duration(settings, "pick-base", timings.pickBase()), duration(settings, "pick-per-line", timings.pickPerLine()),
                timings.riderToStore(), timings.riderToDoor());
        String riderStep = setting(settings, "rider-step", "");
        if (!riderStep.isBlank()) {
            System.setProperty("aisle.fleet.rider-step", Long.toString(parseDuration(riderStep).toMillis()));
        }

        long started = System.nanoTime();
        Fleet fleet = Fleet.build(FleetSpec.withTotalStores(stores).withSeed(seed).withTimings(timings));
        int faulted = io.aisle.simulator.fleet.FaultMix.apply(fleet, setting(settings, "faults", ""), seed).size();
        long built = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        RunningFleet running = FleetServer.start(vertx, fleet, new FleetServer.Options(host, port, instances))
                .await(30, TimeUnit.SECONDS);
        long serving = System.nanoTime();
        if (faulted > 0) {
            System.out.printf(Locale.ROOT, "%d stores faulted (%s); GET /sim/faults lists them%n", faulted, setting(settings, "faults", ""));
        }
        System.out.printf(Locale.ROOT, "Aisle fleet simulator ready: %d stores of %d chains on %s (built in %d ms, serving after %d ms)%n",
                fleet.size(), fleet.chains().size(), running.baseUrl(), (built - started) / 1_000_000, (serving - started) / 1_000_000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("fleet simulator did not stop within 10 s");
            }
        }, "fleet-shutdown"));
    }

    private static java.time.Duration duration(Map<String, String> settings, String name, java.time.Duration fallback) {
        String value = setting(settings, name, "");
        return value.isBlank() ? fallback : parseDuration(value);
    }

    static java.time.Duration parseDuration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return java.time.Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
            return java.time.Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        } else if (v.endsWith("m")) {
            return java.time.Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
        }
        throw new IllegalArgumentException("a duration is 250ms, 3s or 2m; got " + value);
    }

    private static Map<String, String> settings(String[] args) {
        Map<String, String> result = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            result.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return result;
    }

    private static String setting(Map<String, String> args, String name, String fallback) {
        String value = args.get(name);
        if (value == null) {
            value = System.getenv("AISLE_FLEET_" + name.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
