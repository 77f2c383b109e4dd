package io.aisle.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.gateway.isolation.BreakerProfile;
import io.aisle.gateway.isolation.ClientLimit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the configuration: built-in defaults ({@code aisle-defaults.yaml} on the class path), then the
 * YAML file given, then environment variables. Every scalar setting {@code section.someKey} can be set
 * with {@code AISLE_SECTION_SOME_KEY}; a chain's setting with {@code AISLE_CHAIN_<CHAIN_ID>_<KEY>}
 * (chain id upper-cased, '-' as '_'). All problems are collected and reported together.
 */
public final class ConfigLoader {

    static final String DEFAULTS = "aisle-defaults.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The built-in defaults, read once; every load merges onto a copy. */
    private static final ObjectNode BUILT_IN = readDefaults();

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /** Defaults, then {@code file} (may be null: defaults and environment only), then the environment. */
    public GatewayConfig load(Path file) {
        ObjectNode tree = BUILT_IN.deepCopy();
        if (file != null) {
            merge(tree, readFile(file));
        }
        applyEnvironment(tree);
        return bind(tree);
    }

    /** Defaults and environment overridden by an in-memory tree (dev mode and tests). */
    public GatewayConfig load(ObjectNode overrides) {
        ObjectNode tree = BUILT_IN.deepCopy();
        merge(tree, overrides);
        applyEnvironment(tree);
        return bind(tree);
    }

    /** The built-in {@code default} breaker profile, as the defaults file has it. */
    public static BreakerProfile defaultBreakerProfile() {
        return breakerProfile(new Reader(BUILT_IN), "default", BUILT_IN.path("breakerProfiles").path("default"), "breakerProfiles.default");
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the class path");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
    }

    private static ObjectNode readFile(Path file) {
        try {
            JsonNode node = YAML.readTree(Files.readAllBytes(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("config file " + file + " must hold a YAML mapping at the top");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file.toAbsolutePath() + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Objects merge key by key; anything else (scalars, lists) is replaced. */
    static void merge(ObjectNode target, JsonNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private void applyEnvironment(ObjectNode tree) {
        Iterator<Map.Entry<String, JsonNode>> sections = tree.fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (section.getValue() instanceof ObjectNode object) {
                applyEnvironment(object, "AISLE_" + snake(section.getKey()));
            }
        }
        if (tree.get("clients") instanceof ArrayNode clients) {
            for (JsonNode client : clients) {
                if (client instanceof ObjectNode object && object.hasNonNull("clientId")) {
                    String prefix = "AISLE_CLIENT_" + object.get("clientId").asText().toUpperCase(Locale.ROOT).replace('-', '_');
                    for (String key : List.of("name", "apiKey", "webhookUrl", "webhookSecret", "requestsPerWindow", "windowMs")) {
                        String value = env.get(prefix + "_" + snake(key));
                        if (value != null) {
                            object.set(key, TextNode.valueOf(value));
                        }
                    }
                }
            }
        }
        if (tree.get("chains") instanceof ArrayNode chains) {
            for (JsonNode chain : chains) {
                if (chain instanceof ObjectNode object && object.hasNonNull("chainId")) {
                    String prefix = "AISLE_CHAIN_" + object.get("chainId").asText().toUpperCase(Locale.ROOT).replace('-', '_');
                    for (String key : List.of("kind", "baseUrl", "apiKey", "signingSecret", "maxConnections", "maxWaitQueue", "callTimeoutMs")) {
                        String value = env.get(prefix + "_" + snake(key));
                        if (value != null) {
                            object.set(key, TextNode.valueOf(value));
                        }
                    }
                }
            }
        }
    }

    private void applyEnvironment(ObjectNode node, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + "_" + snake(field.getKey());
            if (field.getValue() instanceof ObjectNode child) {
                applyEnvironment(child, name);
            } else if (!field.getValue().isArray() && env.containsKey(name)) {
                field.setValue(TextNode.valueOf(env.get(name)));
            }
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private GatewayConfig bind(ObjectNode tree) {
        Reader r = new Reader(tree);
        HttpConfig http = r.section(() -> new HttpConfig(
                r.text("http.host"), r.integer("http.port"), r.integer("http.bodyLimitBytes"), r.integer("http.instances"),
                r.millis("http.warmUpMs"), r.integer("http.warmUpQuotes"), r.integer("http.maxOrdersInFlight"),
                r.integer("http.maxQuotesInFlight")));
        PgConfig pg = r.section(() -> new PgConfig(
                r.text("postgres.host"), r.integer("postgres.port"), r.text("postgres.database"), r.text("postgres.user"),
                r.optionalText("postgres.password"), r.integer("postgres.poolSize"),
                r.millis("postgres.connectTimeoutMs"), r.millis("postgres.startupTimeoutMs")));
        RedisConfig redis = r.section(() -> new RedisConfig(
                r.text("redis.url"), r.integer("redis.poolSize"), r.integer("redis.maxWaitingHandlers")));
        QuoteConfig quote = r.section(() -> new QuoteConfig(
                r.decimal("quote.radiusKm"), r.integer("quote.maxCandidates"), r.integer("quote.defaultMaxStores"),
                r.millis("quote.deadlineMs"), r.millis("quote.cacheTtlMs")));
        RiderDispatchConfig rider = r.section(() -> new RiderDispatchConfig(
                r.optionalText("riderDispatch.baseUrl"), r.optionalText("riderDispatch.apiKey"),
                r.optionalText("riderDispatch.signingSecret"), r.millis("riderDispatch.callTimeoutMs"),
                r.millis("riderDispatch.reaskAfterMs"), r.millis("riderDispatch.approachMs")));
        List<ChainEndpoint> chains = new ArrayList<>();
        JsonNode chainNodes = tree.path("chains");
        if (!chainNodes.isMissingNode() && !chainNodes.isNull() && !chainNodes.isArray()) {
            r.problems.add("chains must be a list");
        } else {
            int i = 0;
            for (JsonNode chain : chainNodes) {
                String at = "chains[" + i++ + "]";
                ChainEndpoint endpoint = r.section(() -> chainEndpoint(r, chain, at, tree.path("partnerCalls")));
                if (endpoint != null) {
                    if (chains.stream().anyMatch(c -> c.chainId().equals(endpoint.chainId()))) {
                        r.problems.add(at + ".chainId " + endpoint.chainId() + " appears more than once");
                    }
                    chains.add(endpoint);
                }
            }
        }
        Map<String, BreakerProfile> profiles = new java.util.HashMap<>();
        JsonNode profileNodes = tree.path("breakerProfiles");
        profileNodes.fields().forEachRemaining(entry -> {
            String at = "breakerProfiles." + entry.getKey();
            BreakerProfile profile = r.section(() -> breakerProfile(r, entry.getKey(), entry.getValue(), at));
            if (profile != null) {
                profiles.put(entry.getKey(), profile);
            }
        });
        if (!profiles.containsKey("default")) {
            r.problems.add("breakerProfiles.default is required");
        }
        List<AuthConfig.ClientConfig> clients = new ArrayList<>();
        JsonNode clientLimits = tree.path("clientLimits");
        ClientLimit defaultLimit = r.section(() -> new ClientLimit(r.integer("clientLimits.requestsPerWindow"),
                r.millis("clientLimits.windowMs")));
        int c = 0;
        for (JsonNode client : tree.path("clients")) {
            String at = "clients[" + c++ + "]";
            AuthConfig.ClientConfig config = r.section(() -> new AuthConfig.ClientConfig(
                    r.optionalText(client, "clientId"), r.optionalText(client, "name"), r.optionalText(client, "apiKey"),
                    r.optionalText(client, "webhookUrl"), r.optionalText(client, "webhookSecret"),
                    clientLimit(r, client, at, clientLimits), priorities(r, client, at)));
            if (config != null) {
                clients.add(config);
            }
        }
        AuthConfig auth = r.section(() -> new AuthConfig(r.optionalText("auth.operatorKey"), clients, defaultLimit,
                r.millis("clientLimits.redisTimeoutMs"), r.optionalText("auth.chainCredentialsKey")));
        OrdersConfig orders = r.section(() -> new OrdersConfig(r.millis("orders.holdForMs"), r.millis("orders.leaseMs"),
                r.millis("orders.recoveryPeriodMs")));
        PickingConfig picking = r.section(() -> new PickingConfig(r.millis("picking.waveWindowMs"), r.integer("picking.waveMaxOrders"),
                r.integer("picking.waveMaxItems"), r.millis("picking.pickBaseMs"), r.millis("picking.pickPerLineMs"),
                r.millis("picking.checkPeriodMs"), r.millis("picking.redispatchBackoffMs"), r.millis("picking.overdueMarginMs")));
        ObservabilityConfig observability = r.section(() -> new ObservabilityConfig(r.bool("observability.metricsOpen"),
                r.text("observability.tracesExporter"), r.optionalText("observability.otlpEndpoint"),
                r.decimal("observability.traceSampleRatio"), r.text("observability.serviceName"), r.bool("observability.accessLog"),
                r.millis("observability.tableGaugesPeriodMs"), r.millis("observability.outboxReadyMaxLagMs")));
        if (!r.problems.isEmpty()) {
            throw new ConfigException(r.problems);
        }
        return new GatewayConfig(http, pg, redis, quote, rider, chains, profiles, auth, orders, picking, observability);
    }

    /** A breaker profile; what it leaves out is the built-in default profile's. */
    /** {@code clients[].priorities}: a list of priority class names (STANDARD may be listed, it is always allowed). */
    private static Set<PriorityClass> priorities(Reader r, JsonNode client, String at) {
        JsonNode list = client.path("priorities");
        if (list.isMissingNode() || list.isNull()) {
            return Set.of();
        }
        if (!list.isArray()) {
            r.problems.add(at + ".priorities must be a list of " + Arrays.toString(PriorityClass.values()));
            return Set.of();
        }
        Set<PriorityClass> classes = EnumSet.noneOf(PriorityClass.class);
        for (JsonNode name : list) {
            try {
                classes.add(PriorityClass.valueOf(name.asText()));
            } catch (IllegalArgumentException e) {
                r.problems.add(at + ".priorities: " + name.asText() + " is not one of " + Arrays.toString(PriorityClass.values()));
            }
        }
        return classes;
    }

    private static BreakerProfile breakerProfile(Reader r, String name, JsonNode node, String at) {
        JsonNode fallback = BUILT_IN.path("breakerProfiles").path("default");
        try {
            return new BreakerProfile(name,
                    (float) r.integer(node, at + ".failureRateThreshold", "failureRateThreshold", fallback),
                    (float) r.integer(node, at + ".slowCallRateThreshold", "slowCallRateThreshold", fallback),
                    Duration.ofMillis(r.integer(node, at + ".slowCallMs", "slowCallMs", fallback)),
                    r.integer(node, at + ".windowSeconds", "windowSeconds", fallback),
                    r.integer(node, at + ".minimumCalls", "minimumCalls", fallback),
                    Duration.ofMillis(r.integer(node, at + ".openMs", "openMs", fallback)),
                    Duration.ofMillis(r.integer(node, at + ".maxOpenMs", "maxOpenMs", fallback)),
                    r.integer(node, at + ".halfOpenCalls", "halfOpenCalls", fallback));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    /** A client's request limit; what it leaves out is {@code clientLimits}'. */
    private static ClientLimit clientLimit(Reader r, JsonNode client, String at, JsonNode defaults) {
        try {
            return new ClientLimit(r.integer(client, at + ".requestsPerWindow", "requestsPerWindow", defaults),
                    Duration.ofMillis(r.integer(client, at + ".windowMs", "windowMs", defaults)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    /** A chain's endpoint; the pool bounds and call timeout it leaves out are {@code partnerCalls}'. */
    private static ChainEndpoint chainEndpoint(Reader r, JsonNode chain, String at, JsonNode partnerCalls) {
        String kindText = r.text(chain, at + ".kind", "kind");
        PartnerKind kind;
        try {
            kind = PartnerKind.valueOf(kindText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(at + ".kind must be one of " + List.of(PartnerKind.values()) + ", got " + kindText);
        }
        String secret = r.optionalText(chain, "signingSecret");
        if (secret == null || secret.length() < 16) {
            throw new ConfigException(at + ".signingSecret is required (at least 16 characters) to verify the chain's callbacks");
        }
        try {
            return new ChainEndpoint(
                    r.text(chain, at + ".chainId", "chainId"), kind, r.optionalText(chain, "baseUrl"),
                    r.optionalText(chain, "apiKey"), secret,
                    r.integer(chain, at + ".maxConnections", "maxConnections", partnerCalls),
                    r.integer(chain, at + ".maxWaitQueue", "maxWaitQueue", partnerCalls),
                    Duration.ofMillis(r.integer(chain, at + ".callTimeoutMs", "callTimeoutMs", partnerCalls)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    /** Typed access to the tree that collects problems instead of stopping at the first. */
    private static final class Reader {
        private final JsonNode tree;
        private final List<String> problems = new ArrayList<>();

        Reader(JsonNode tree) {
            this.tree = tree;
        }

        <T> T section(Supplier<T> build) {
            int before = problems.size();
            try {
                T value = build.get();
                return problems.size() == before ? value : null;
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                return null;
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        private JsonNode at(String path) {
            JsonNode node = tree;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }

        String text(String path) {
            JsonNode node = at(path);
            if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
                problems.add(path + " is required (set it in the config file or as " + envName(path) + ")");
                return null;
            }
            return node.asText();
        }

        String optionalText(String path) {
            JsonNode node = at(path);
            return node.isMissingNode() || node.isNull() || node.asText().isBlank() ? null : node.asText();
        }

        int integer(String path) {
            JsonNode node = at(path);
            if (node.isMissingNode() || node.isNull()) {
                problems.add(path + " is required (set it in the config file or as " + envName(path) + ")");
                return 0;
            }
            try {
                return node.isInt() ? node.intValue() : Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException e) {
                problems.add(path + " must be a whole number, got '" + node.asText() + "'");
                return 0;
            }
        }

        double decimal(String path) {
            JsonNode node = at(path);
            try {
                return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                problems.add(path + " must be a number, got '" + node.asText() + "'");
                return 0;
            }
        }

        boolean bool(String path) {
            JsonNode node = at(path);
            String text = node.asText().trim();
            if (node.isBoolean() || "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                return node.isBoolean() ? node.booleanValue() : Boolean.parseBoolean(text);
            }
            problems.add(path + " must be true or false, got '" + node.asText() + "'");
            return false;
        }

        Duration millis(String path) {
            return Duration.ofMillis(integer(path));
        }

        String text(JsonNode node, String path, String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
                throw new ConfigException(path + " is required");
            }
            return value.asText();
        }

        String optionalText(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isMissingNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
        }

        /** {@code node}'s whole number {@code field}, else {@code defaults}' (the setting {@code path} names it in problems). */
        int integer(JsonNode node, String path, String field, JsonNode defaults) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                value = defaults.path(field);
            }
            if (value.isMissingNode() || value.isNull()) {
                throw new ConfigException(path + " is required");
            }
            try {
                return value.isInt() ? value.intValue() : Integer.parseInt(value.asText().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(path + " must be a whole number, got '" + value.asText() + "'");
            }
        }

        private static String envName(String path) {
            StringBuilder name = new StringBuilder("AISLE");
            for (String part : path.split("\\.")) {
                name.append('_').append(snake(part));
            }
            return name.toString();
        }
    }
}
