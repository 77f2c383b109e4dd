package io.aisle.gateway;

import io.aisle.gateway.config.ConfigException;
import io.aisle.gateway.config.ConfigLoader;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.observability.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar aisle-gateway-server.jar start [--config FILE]}: production; external PostgreSQL,
 * Redis and partners from the config file ({@code AISLE_CONFIG} if not given) and the environment.
 * Nothing embedded or simulated is in this artifact. Dev mode is {@code java -jar
 * gateway/target/aisle-gateway.jar dev} (module gateway/dev), whose launcher starts production mode
 * through {@link #start(List)} as well.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_START_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        String mode = arguments.isEmpty() ? "" : arguments.get(0);
        switch (mode) {
            case "start" -> run(() -> start(arguments.subList(1, arguments.size())), usage());
            case "dev" -> {
                System.err.println("""
                        aisle: dev mode is not part of the production jar. Build and run the dev jar:
                          mvn -B -q -DskipTests package && java -jar gateway/target/aisle-gateway.jar dev""");
                System.exit(EXIT_USAGE);
            }
            default -> {
                System.err.println(usage());
                System.exit(EXIT_USAGE);
            }
        }
    }

    /**
     * Runs a mode of the process as an operator expects: a configuration mistake is its message and a
     * wrong option its message and {@code usage}, both with exit code 2; any other failure to start is
     * logged and exits with code 1.
     */
    public static void run(Runnable mode, String usage) {
        try {
            mode.run();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(EXIT_USAGE);
        } catch (RuntimeException e) {
            LOG.error("start-up failed", e);
            System.err.println("aisle: start-up failed: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
        }
    }

    static String usage() {
        return """
                usage: java -jar aisle-gateway-server.jar start [--config aisle.yaml]
                  start  production: PostgreSQL, Redis and partners from the config file (or AISLE_CONFIG)
                         and AISLE_* environment variables
                  (dev mode, with embedded servers and simulated partners, is gateway/target/aisle-gateway.jar dev)""";
    }

    /** Production mode: {@code [--config FILE]}; returns once the gateway serves, a shutdown hook stops it. */
    public static void start(List<String> args) {
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            if ("--config".equals(args.get(i)) && i + 1 < args.size()) {
                file = Path.of(args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown option for start: " + args.get(i));
            }
        }
        if (file == null && System.getenv("AISLE_CONFIG") != null) {
            file = Path.of(System.getenv("AISLE_CONFIG"));
        }
        GatewayConfig config = ConfigLoader.fromSystemEnvironment().load(file);
        Telemetry telemetry = Telemetry.create(config.observability());
        Vertx vertx = telemetry.vertx(new VertxOptions().setPreferNativeTransport(true));
        Gateway gateway = await(Gateway.start(vertx, config), vertx);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            MainThread.awaitQuietly(gateway.stop(), Duration.ofSeconds(30));
            MainThread.awaitQuietly(vertx.close(), Duration.ofSeconds(30));
            telemetry.close();
        }, "aisle-shutdown"));
        System.out.println("Aisle gateway ready on http://" + config.http().host() + ":" + gateway.port()
                + " (production mode; readiness at /health/ready)");
    }

    private static <T> T await(io.vertx.core.Future<T> future, Vertx vertx) {
        try {
            return MainThread.await(future, Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            MainThread.awaitQuietly(vertx.close(), Duration.ofSeconds(30));
            throw e;
        }
    }
}
