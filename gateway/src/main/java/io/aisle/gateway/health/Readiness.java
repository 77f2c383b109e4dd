package io.aisle.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Is this instance fit to take traffic: PostgreSQL answers and holds the schema version this build
 * expects, Redis answers, and the instance has warmed up (so its first requests are served at
 * speed). Each check is bounded by a timeout, so readiness never hangs. Redis holds only what can be
 * rebuilt, so with Redis away but PostgreSQL up the instance still serves quotes and orders: it is
 * {@value #DEGRADED} (still ready), not DOWN.
 */
public final class Readiness {

    private static final String SCHEMA_VERSION_SQL = """
            select version from flyway_schema_history
            where success and version is not null
            order by installed_rank desc limit 1""";

    public static final String UP = "UP";
    public static final String DEGRADED = "DEGRADED";
    public static final String DOWN = "DOWN";

    private final Pool pg;
    private final Redis redis;
    private final String expectedSchemaVersion;
    private final Duration timeout;
    private volatile Future<Void> warmUp = Future.succeededFuture();
    private volatile Supplier<String> warmUpProgress = () -> "done";

    public Readiness(Pool pg, Redis redis, String expectedSchemaVersion, Duration timeout) {
        this.pg = pg;
        this.redis = redis;
        this.expectedSchemaVersion = expectedSchemaVersion;
        this.timeout = timeout;
    }

    /**
     * Readiness also waits for {@code warmUp}: until it completes the instance is not ready (DOWN,
     * with what {@code progress} says it is doing), however well its dependencies answer.
     */
    public void awaiting(Future<Void> warmUp, Supplier<String> progress) {
        this.warmUp = warmUp;
        this.warmUpProgress = progress;
    }

    /**
     * A JSON report {@code {status, checks:{postgres:{status, detail}, redis:{...}, warmUp:{...}}}};
     * status UP, DEGRADED (only Redis is down) or DOWN.
     */
    public Future<JsonObject> check() {
        Future<Void> warming = warmUp;
        JsonObject warm = warming.isComplete() ? up("warmed up") : down("warming up: " + warmUpProgress.get());
        Future<JsonObject> postgres = bounded(pg.query(SCHEMA_VERSION_SQL).execute().map(rows -> {
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            String version = row == null ? null : row.getString(0);
            if (!expectedSchemaVersion.equals(version)) {
                return down("schema version is " + version + ", this build needs " + expectedSchemaVersion);
            }
            return up("schema version " + version);
        }));
        Future<JsonObject> cache = bounded(redis.send(Request.cmd(Command.PING)).map(reply -> up("PING answered")));
        return Future.join(postgres, cache).transform(ignored -> {
            JsonObject checks = new JsonObject()
                    .put("postgres", postgres.result())
                    .put("redis", cache.result())
                    .put("warmUp", warm);
            boolean essentialsUp = UP.equals(postgres.result().getString("status")) && UP.equals(warm.getString("status"));
            String status = !essentialsUp ? DOWN : UP.equals(cache.result().getString("status")) ? UP : DEGRADED;
            return Future.succeededFuture(new JsonObject().put("status", status).put("checks", checks));
        });
    }

    private Future<JsonObject> bounded(Future<JsonObject> check) {
        return check.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .recover(failure -> Future.succeededFuture(down(describe(failure))));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static JsonObject up(String detail) {
        return new JsonObject().put("status", "UP").put("detail", detail);
    }

    private static JsonObject down(String detail) {
        return new JsonObject().put("status", "DOWN").put("detail", detail);
    }
}
