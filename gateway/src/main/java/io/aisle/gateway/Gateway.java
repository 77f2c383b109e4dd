package io.aisle.gateway;

import io.aisle.gateway.api.ApiServices;
import io.aisle.gateway.api.ApiVerticle;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.store.GeoIndexKeeper;
import io.aisle.gateway.store.StoreRegistry;
import java.time.Clock;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.health.Readiness;
import io.aisle.gateway.migration.Migrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: applies migrations (on a worker thread), opens the PostgreSQL and Redis
 * pools, and deploys the verticles. The same code serves dev mode, production and tests; only the
 * configuration differs.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final Duration GEO_INDEX_CHECK_PERIOD = Duration.ofSeconds(15);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Pool pg;
    private final Redis redis;
    private final GeoIndexKeeper geoIndex;
    private final List<String> deployments;
    private final int port;

    private Gateway(Vertx vertx, GatewayConfig config, Pool pg, Redis redis, GeoIndexKeeper geoIndex,
                    List<String> deployments, int port) {
        this.vertx = vertx;
        this.config = config;
        this.pg = pg;
        this.redis = redis;
        this.geoIndex = geoIndex;
        this.deployments = deployments;
        this.port = port;
    }

    public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
        return vertx.executeBlocking(() -> Migrations.apply(config.postgres()), false)
                .compose(schemaVersion -> {
                    Pool pg = pgPool(vertx, config.postgres());
                    Redis redis = redisClient(vertx, config.redis());
                    Readiness readiness = new Readiness(pg, redis, schemaVersion, Duration.ofSeconds(1));
                    StoreRegistry registry = new StoreRegistry(pg, redis);
                    ApiServices services = new ApiServices(new ProductCatalog(pg), registry, config.quote(), Clock.systemUTC());
                    List<String> deployments = new ArrayList<>();
                    AtomicReference<ApiVerticle> first = new AtomicReference<>();
                    GeoIndexKeeper geoIndex = new GeoIndexKeeper(vertx, registry, redis);
                    return geoIndex.start(GEO_INDEX_CHECK_PERIOD)
                            .compose(ignored -> vertx.deployVerticle(() -> {
                                ApiVerticle verticle = new ApiVerticle(config.http(), readiness, services);
                                first.compareAndSet(null, verticle);
                                return verticle;
                            }, new DeploymentOptions().setInstances(config.http().instances())))
                            .map(id -> {
                                deployments.add(id);
                                return new Gateway(vertx, config, pg, redis, geoIndex, deployments, first.get().actualPort());
                            })
                            .onFailure(failure -> {
                                geoIndex.stop();
                                pg.close();
                                redis.close();
                            });
                })
                .onSuccess(gateway -> LOG.info("gateway listening on {}:{}", config.http().host(), gateway.port));
    }

    public int port() {
        return port;
    }

    public GatewayConfig config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pg() {
        return pg;
    }

    public Redis redis() {
        return redis;
    }

    public StoreRegistry registry() {
        return new StoreRegistry(pg, redis);
    }

    public ProductCatalog catalog() {
        return new ProductCatalog(pg);
    }

    /** Stops taking traffic, then closes the pools. */
    public Future<Void> stop() {
        geoIndex.stop();
        List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
        return Future.join(undeployed)
                .transform(ignored -> pg.close())
                .onComplete(ignored -> redis.close())
                .mapEmpty();
    }

    static Pool pgPool(Vertx vertx, PgConfig pg) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(pg.host())
                .setPort(pg.port())
                .setDatabase(pg.database())
                .setUser(pg.user())
                .setPassword(pg.password())
                .setCachePreparedStatements(true)
                .setPipeliningLimit(16);
        PoolOptions pool = new PoolOptions()
                .setMaxSize(pg.poolSize())
                .setMaxWaitQueueSize(pg.poolSize() * 64)
                .setConnectionTimeout((int) pg.connectTimeout().toMillis())
                .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setShared(true)
                .setName("aisle-pg");
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }

    static Redis redisClient(Vertx vertx, RedisConfig redis) {
        RedisOptions options = new RedisOptions()
                .setType(RedisClientType.STANDALONE)
                .setConnectionString(redis.url())
                .setMaxPoolSize(redis.poolSize())
                .setMaxPoolWaiting(redis.poolSize() * 64)
                .setMaxWaitingHandlers(redis.maxWaitingHandlers())
                .setPoolRecycleTimeout(15_000);
        return Redis.createClient(vertx, options);
    }
}
