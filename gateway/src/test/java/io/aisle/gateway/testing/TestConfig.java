package io.aisle.gateway.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.gateway.config.ConfigLoader;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import java.util.Map;

/** Gateway configuration for tests: a free HTTP port, the given servers, a placeholder rider dispatch. */
public final class TestConfig {

    public static final String CLIENT_ID = "test-superapp";
    public static final String CLIENT_KEY = "test-client-key-0123456789";
    public static final String OPERATOR_KEY = "test-operator-key-0123456789";
    public static final String CLIENT_AUTH = "Bearer " + CLIENT_KEY;
    public static final String OPERATOR_AUTH = "Bearer " + OPERATOR_KEY;

    private TestConfig() {
    }

    public static GatewayConfig gateway(PgConfig pg, RedisConfig redis) {
        return gateway(pg, redis, JsonNodeFactory.instance.objectNode());
    }

    /** As {@link #gateway(PgConfig, RedisConfig)}, with settings of the test's own merged over it. */
    public static GatewayConfig gateway(PgConfig pg, RedisConfig redis, ObjectNode overrides) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putObject("http").put("port", 0).put("host", "127.0.0.1").put("instances", 1).put("warmUpMs", 0);
        tree.putObject("riderDispatch")
                .put("baseUrl", "http://127.0.0.1:9/rider-dispatch")
                .put("apiKey", "test-rider-key")
                .put("signingSecret", "test-rider-signing-secret");
        tree.putObject("auth").put("operatorKey", OPERATOR_KEY);
        tree.putArray("clients").addObject().put("clientId", CLIENT_ID).put("name", "Test super-app").put("apiKey", CLIENT_KEY);
        overrides.fields().forEachRemaining(e -> {
            if (tree.get(e.getKey()) instanceof ObjectNode existing && e.getValue().isObject()) {
                existing.setAll((ObjectNode) e.getValue());
            } else {
                tree.set(e.getKey(), e.getValue());
            }
        });
        return new ConfigLoader(Map.of()).load(tree).withPostgres(pg).withRedis(redis);
    }
}
