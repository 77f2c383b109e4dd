package io.aisle.gateway.dev;

import io.aisle.gateway.Main;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar gateway/target/aisle-gateway.jar dev|start [options]}, the jar of this module.
 * <ul>
 *   <li>{@code dev}: embedded PostgreSQL and Redis, the simulated partner fleet, the gateway on :8080
 *       ({@link DevMode}).</li>
 *   <li>{@code start [--config FILE]}: production mode exactly as {@code aisle-gateway-server.jar} runs it
 *       ({@link Main#start(List)}); nothing of this module is loaded on that path.</li>
 * </ul>
 */
public final class Launcher {

    static final String USAGE = """
            usage: java -jar aisle-gateway.jar dev [--port 8080] [--fleet-port 8090] [--stores 7000] [--open-all-day]
                   java -jar aisle-gateway.jar start [--config aisle.yaml]
              dev    embedded PostgreSQL and Redis, simulated partners and riders; nothing to install
              start  production: PostgreSQL, Redis and partners from the config file (or AISLE_CONFIG)
                     and AISLE_* environment variables""";

    private Launcher() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        String mode = arguments.isEmpty() ? "" : arguments.get(0);
        List<String> options = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        switch (mode) {
            case "dev" -> {
                // dev mode logs human-readable lines unless told otherwise; start mode logs JSON lines
                if (System.getProperty("aisle.log.format") == null && System.getenv("AISLE_LOG_FORMAT") == null) {
                    System.setProperty("aisle.log.format", "TEXT");
                }
                Main.run(() -> DevMode.run(DevMode.Options.parse(options)), USAGE);
            }
            case "start" -> Main.run(() -> Main.start(options), USAGE);
            default -> {
                System.err.println(USAGE);
                System.exit(Main.EXIT_USAGE);
            }
        }
    }
}
