package io.aisle.simulator.pushonly;

import io.aisle.contracts.value.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the simulated push-only chains reach the gateway.
 *
 * @param gatewayUrl    base URL of the Aisle gateway the chains call back ({@code /partner/v1/...} is appended)
 * @param signingSecret the secret every push-only chain signs with; null to use each chain's own
 *                      ({@link io.aisle.simulator.fleet.ChainSpec#signingSecret()})
 * @param pushPeriod    how often each store pushes a full SNAPSHOT; stores are spread evenly over it
 * @param startSpread   the first SNAPSHOT of every store is pushed within this time of the start
 * @param pullPeriod    how often each store pulls its pick lists; stores are spread evenly over it
 * @param callTimeout   the longest one call to the gateway may take
 * @param maxInFlight   calls to the gateway at once, at most (the connection pool's size)
 */
public record PushOnlySimulatorConfig(String gatewayUrl, String signingSecret, Duration pushPeriod, Duration startSpread,
        Duration pullPeriod, Duration callTimeout, int maxInFlight) {

    public static final String DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080";

    /** System properties (set from FleetMain's arguments) win over the environment variables. */
    public static final String GATEWAY_URL = "aisle.fleet.gateway-url";
    public static final String PUSH_SECRET = "aisle.fleet.push-secret";
    public static final String PUSH_PERIOD = "aisle.fleet.push-period";
    public static final String PULL_PERIOD = "aisle.fleet.pull-period";

    public PushOnlySimulatorConfig {
        Checks.requireText(gatewayUrl, "gatewayUrl");
        URI uri = URI.create(gatewayUrl);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("gatewayUrl must be an http(s) URL, got " + gatewayUrl);
        }
        if (signingSecret != null && signingSecret.length() < 16) {
            throw new IllegalArgumentException("a signing secret has at least 16 characters");
        }
        requirePositive(pushPeriod, "pushPeriod");
        requirePositive(startSpread, "startSpread");
        requirePositive(pullPeriod, "pullPeriod");
        requirePositive(callTimeout, "callTimeout");
        Checks.requirePositive(maxInFlight, "maxInFlight");
    }

    /** Snapshots every 30 s, the first within 5 s of the start, pulls every 10 s, 2 s per call, 64 calls at once. */
    public static PushOnlySimulatorConfig defaults(String gatewayUrl) {
        return new PushOnlySimulatorConfig(gatewayUrl, null, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 64);
    }

    /**
     * The defaults, changed by system properties or environment variables:
     * <pre>
     * aisle.fleet.gateway-url   AISLE_FLEET_GATEWAY_URL   http://127.0.0.1:8080
     * aisle.fleet.push-secret   AISLE_FLEET_PUSH_SECRET   each chain's own
     * aisle.fleet.push-period   AISLE_FLEET_PUSH_PERIOD   30s   (500ms, 30s, 2m, or milliseconds)
     * aisle.fleet.pull-period   AISLE_FLEET_PULL_PERIOD   10s
     * </pre>
     */
    public static PushOnlySimulatorConfig fromEnvironment() {
        return from(name -> {
            String value = System.getProperty(name);
            if (value == null || value.isBlank()) {
                value = System.getenv(name.replace("aisle.fleet.", "AISLE_FLEET_").replace('-', '_').toUpperCase(Locale.ROOT));
            }
            return value == null || value.isBlank() ? null : value.strip();
        });
    }

    static PushOnlySimulatorConfig from(Function<String, String> settings) {
        String url = settings.apply(GATEWAY_URL);
        PushOnlySimulatorConfig config = defaults(url == null ? DEFAULT_GATEWAY_URL : url);
        String push = settings.apply(PUSH_PERIOD);
        String pull = settings.apply(PULL_PERIOD);
        return new PushOnlySimulatorConfig(config.gatewayUrl(), settings.apply(PUSH_SECRET),
                push == null ? config.pushPeriod() : duration(push, PUSH_PERIOD),
                config.startSpread(),
                pull == null ? config.pullPeriod() : duration(pull, PULL_PERIOD),
                config.callTimeout(), config.maxInFlight());
    }

    public PushOnlySimulatorConfig withPeriods(Duration newPushPeriod, Duration newStartSpread, Duration newPullPeriod) {
        return new PushOnlySimulatorConfig(gatewayUrl, signingSecret, newPushPeriod, newStartSpread, newPullPeriod, callTimeout, maxInFlight);
    }

    public PushOnlySimulatorConfig withSigningSecret(String secret) {
        return new PushOnlySimulatorConfig(gatewayUrl, secret, pushPeriod, startSpread, pullPeriod, callTimeout, maxInFlight);
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or a number of milliseconds. */
    static Duration duration(String text, String name) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2))), name);
            }
            if (value.endsWith("s")) {
                return positive(Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1))), name);
            }
            if (value.endsWith("m")) {
                return positive(Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1))), name);
            }
            return positive(Duration.ofMillis(Long.parseLong(value)), name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 500ms, 30s or 2m, got '" + text + "'");
        }
    }

    private static Duration positive(Duration value, String name) {
        requirePositive(value, name);
        return value;
    }

    private static void requirePositive(Duration value, String field) {
        Checks.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
