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
 * expects, Redis answers, the instance has warmed up (so its first requests are served at speed),
 * and the outbox relay keeps up. Each check is bounded by a timeout, so readiness never hangs. Redis
 * holds only what can be rebuilt, so with Redis away and everything else up the instance still serves
 * quotes and orders: it is {@value #DEGRADED} (still ready), not DOWN.
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
    private volatile Supplier<Future<Duration>> outboxLag;
    private volatile Duration outboxMaxLag = Duration.ZERO;

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
     * Readiness also looks at the outbox: DOWN while {@code lag} (how long the oldest row that could be
     * sent has been due) is above {@code maxLag}. A zero {@code maxLag} leaves the outbox out.
     */
    public void watchingOutbox(Supplier<Future<Duration>> lag, Duration maxLag) {
        this.outboxLag = lag;
        this.outboxMaxLag = maxLag;
    }

    /**
     * A JSON report {@code {status, checks:{postgres:{status, detail}, migrations:{...}, redis:{...},
     * warmUp:{...}, outbox:{status, detail, lagMs}}}}; each check UP or DOWN; the report UP when every check
     * is, DEGRADED when only Redis is down, DOWN otherwise.
     */
    public Future<JsonObject> check() {
        Future<Void> warming = warmUp;
        JsonObject warm = warming.isComplete() ? up("warmed up") : down("warming up: " + warmUpProgress.get());
        Future<String> version = pg.query(SCHEMA_VERSION_SQL).execute().map(rows -> {
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            return row == null ? null : row.getString(0);
        }).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Future<JsonObject> postgres = version.map(v -> up("answers")).recover(failure -> Future.succeededFuture(down(describe(failure))));
        Future<JsonObject> migrations = version.map(v -> expectedSchemaVersion.equals(v) ? up("schema version " + v)
                        : down("schema version is " + v + ", this build needs " + expectedSchemaVersion))
                .recover(failure -> Future.succeededFuture(down("not known: PostgreSQL does not answer")));
        Future<JsonObject> cache = bounded(redis.send(Request.cmd(Command.PING)).map(reply -> up("PING answered")));
        Supplier<Future<Duration>> lag = outboxLag;
        Duration maxLag = outboxMaxLag;
        Future<JsonObject> outbox = lag == null || maxLag.isZero() ? Future.succeededFuture(null)
                : bounded(lag.get().map(l -> (l.compareTo(maxLag) > 0 ? down("lag " + l.toMillis() + " ms, above " + maxLag.toMillis()
                        + " ms: the outbox relay is behind") : up("lag " + l.toMillis() + " ms"))
                        .put("lagMs", l.toMillis())));
        return Future.join(postgres, migrations, cache, outbox).transform(ignored -> {
            JsonObject checks = new JsonObject()
                    .put("postgres", postgres.result())
                    .put("migrations", migrations.result())
                    .put("redis", cache.result())
                    .put("warmUp", warm);
            if (outbox.result() != null) {
                checks.put("outbox", outbox.result());
            }
            boolean othersUp = checks.stream().filter(check -> !check.getKey().equals("redis"))
                    .allMatch(check -> UP.equals(((JsonObject) check.getValue()).getString("status")));
            String status = !othersUp ? DOWN : UP.equals(cache.result().getString("status")) ? UP : DEGRADED;
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
