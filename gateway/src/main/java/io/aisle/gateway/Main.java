package io.aisle.gateway;

import io.aisle.gateway.config.ConfigException;
import io.aisle.gateway.config.ConfigLoader;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.dev.DevMode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar aisle-gateway.jar dev|start [options]}.
 * <ul>
 *   <li>{@code dev}: embedded PostgreSQL and Redis, the simulated partner fleet, the gateway on :8080.</li>
 *   <li>{@code start [--config FILE]}: production; external PostgreSQL, Redis and partners from the
 *       config file ({@code AISLE_CONFIG} if not given) and the environment. Nothing embedded or
 *       simulated is loaded on this path.</li>
 * </ul>
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final int EXIT_USAGE = 2;
    static final int EXIT_START_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        String mode = arguments.isEmpty() ? "" : arguments.get(0);
        try {
            switch (mode) {
                case "dev" -> DevMode.run(DevMode.Options.parse(arguments.subList(1, arguments.size())));
                case "start" -> start(arguments.subList(1, arguments.size()));
                default -> {
                    System.err.println(usage());
                    System.exit(EXIT_USAGE);
                }
            }
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(EXIT_USAGE);
        } catch (RuntimeException e) {
            LOG.error("start-up failed", e);
            System.err.println("aisle: start-up failed: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
        }
    }

    static String usage() {
        return """
                usage: java -jar aisle-gateway.jar dev [--port 8080] [--fleet-port 8090] [--stores 7000] [--open-all-day]
                       java -jar aisle-gateway.jar start [--config aisle.yaml]
                  dev    embedded PostgreSQL and Redis, simulated partners and riders; nothing to install
                  start  production: PostgreSQL, Redis and partners from the config file (or AISLE_CONFIG)
                         and AISLE_* environment variables""";
    }

    private static void start(List<String> args) {
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
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        Gateway gateway = await(Gateway.start(vertx, config), vertx);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            MainThread.awaitQuietly(gateway.stop(), Duration.ofSeconds(30));
            MainThread.awaitQuietly(vertx.close(), Duration.ofSeconds(30));
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
