package io.aisle.gateway.testing;

import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.migration.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** A migrated test database and a Redis database, with Vert.x clients on them, for store-level tests. */
public final class Infra implements AutoCloseable {

    public final Vertx vertx;
    public final PgConfig pgConfig;
    public final RedisConfig redisConfig;
    public final Pool pg;
    public final Redis redis;

    private Infra(Vertx vertx, PgConfig pgConfig, RedisConfig redisConfig) {
        this.vertx = vertx;
        this.pgConfig = pgConfig;
        this.redisConfig = redisConfig;
        this.pg = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setHost(pgConfig.host()).setPort(pgConfig.port())
                        .setDatabase(pgConfig.database()).setUser(pgConfig.user()).setPassword(pgConfig.password()))
                .using(vertx).build();
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisConfig.url()).setMaxPoolSize(4));
    }

    public static Infra migrated() {
        PgConfig pg = TestServers.freshDatabase();
        Migrations.apply(pg);
        return new Infra(Vertx.vertx(), pg, TestServers.redis());
    }

    /** A small pool on a database the test shares with a gateway, for assertions on what the gateway stored. */
    public static Pool pool(Vertx vertx, PgConfig pg) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(pg.host()).setPort(pg.port()).setDatabase(pg.database())
                        .setUser(pg.user()).setPassword(pg.password()))
                .using(vertx).build();
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        await(pg.close());
        redis.close();
        await(vertx.close());
    }
}
