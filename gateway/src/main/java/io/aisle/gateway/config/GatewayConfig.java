package io.aisle.gateway.config;

import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.gateway.isolation.BreakerProfile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Everything the gateway needs to run, one small record per dependency. */
public record GatewayConfig(
        HttpConfig http,
        PgConfig postgres,
        RedisConfig redis,
        QuoteConfig quote,
        RiderDispatchConfig riderDispatch,
        List<ChainEndpoint> chains,
        Map<String, BreakerProfile> breakerProfiles,
        AuthConfig auth,
        OrdersConfig orders,
        PickingConfig picking,
        ObservabilityConfig observability) {

    public GatewayConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(riderDispatch, "riderDispatch");
        chains = List.copyOf(chains);
        breakerProfiles = Map.copyOf(breakerProfiles);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(picking, "picking");
        Objects.requireNonNull(observability, "observability");
    }

    public GatewayConfig withObservability(ObservabilityConfig newObservability) {
        return new GatewayConfig(http, postgres, redis, quote, riderDispatch, chains, breakerProfiles, auth, orders, picking,
                newObservability);
    }

    public GatewayConfig withHttp(HttpConfig newHttp) {
        return new GatewayConfig(newHttp, postgres, redis, quote, riderDispatch, chains, breakerProfiles, auth, orders, picking, observability);
    }

    public GatewayConfig withPostgres(PgConfig newPostgres) {
        return new GatewayConfig(http, newPostgres, redis, quote, riderDispatch, chains, breakerProfiles, auth, orders, picking, observability);
    }

    public GatewayConfig withRedis(RedisConfig newRedis) {
        return new GatewayConfig(http, postgres, newRedis, quote, riderDispatch, chains, breakerProfiles, auth, orders, picking, observability);
    }

    public GatewayConfig withRiderDispatch(RiderDispatchConfig newRiderDispatch) {
        return new GatewayConfig(http, postgres, redis, quote, newRiderDispatch, chains, breakerProfiles, auth, orders, picking, observability);
    }

    public GatewayConfig withPicking(PickingConfig newPicking) {
        return new GatewayConfig(http, postgres, redis, quote, riderDispatch, chains, breakerProfiles, auth, orders, newPicking, observability);
    }

    public GatewayConfig withOrders(OrdersConfig newOrders) {
        return new GatewayConfig(http, postgres, redis, quote, riderDispatch, chains, breakerProfiles, auth, newOrders, picking, observability);
    }

    public GatewayConfig withAuth(AuthConfig newAuth) {
        return new GatewayConfig(http, postgres, redis, quote, riderDispatch, chains, breakerProfiles, newAuth, orders, picking, observability);
    }

    public GatewayConfig withChains(List<ChainEndpoint> newChains) {
        return new GatewayConfig(http, postgres, redis, quote, riderDispatch, newChains, breakerProfiles, auth, orders, picking, observability);
    }
}
