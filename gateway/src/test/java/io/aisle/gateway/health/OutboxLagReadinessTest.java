package io.aisle.gateway.health;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.gateway.migration.Migrations;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.testing.Infra;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness includes the outbox: an instance is not ready while a row the relay could send has been
 * due for longer than the threshold. A row in backoff, or waiting behind an older row of its
 * aggregate that is in backoff, is not lag: a partner that is down does not take every instance out.
 */
class OutboxLagReadinessTest {

    private static final Duration MAX_LAG = Duration.ofMinutes(1);
    private static Infra infra;
    private static Readiness readiness;
    private static Instant now;

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        readiness = new Readiness(infra.pg, infra.redis, Migrations.latestBundledVersion(infra.pgConfig), Duration.ofSeconds(1));
        readiness.watchingOutbox(() -> Outbox.lag(infra.pg, now), MAX_LAG);
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void readyWhileTheRelayKeepsUpAndNotWhileADueRowWaits() {
        JsonObject empty = outboxCheck();
        assertEquals("UP", empty.getString("status"), empty.encode());
        assertEquals(0, empty.getLong("lagMs"));

        long first = add("order-1", "m-1", now.minus(Duration.ofMinutes(10)));
        JsonObject behind = await(readiness.check());
        assertEquals("DOWN", behind.getString("status"));
        JsonObject outbox = behind.getJsonObject("checks").getJsonObject("outbox");
        assertEquals("DOWN", outbox.getString("status"));
        assertEquals(Duration.ofMinutes(10).toMillis(), outbox.getLong("lagMs"));
        assertTrue(outbox.getString("detail").contains("relay is behind"), outbox.encode());

        // the first row failed and waits for its next attempt; the next row of its order waits behind it
        update("update outbox set next_attempt_at = $2 where id = $1", first, now.plus(Duration.ofHours(1)));
        long second = add("order-1", "m-2", now.minus(Duration.ofMinutes(10)));
        assertEquals("UP", await(readiness.check()).getString("status"), "rows in backoff are not lag");

        update("update outbox set status = 'SENT' where id = $1", first, null);
        JsonObject sendable = outboxCheck();
        assertEquals("DOWN", sendable.getString("status"), "once the first is sent, the second could be: it is lag");

        update("update outbox set status = 'SENT' where id = $1", second, null);
        add("order-2", "m-3", now.minus(Duration.ofSeconds(20)));
        JsonObject fresh = outboxCheck();
        assertEquals("UP", fresh.getString("status"), "a row due for less than the threshold: " + fresh.encode());
        assertEquals(20_000, fresh.getLong("lagMs"));
    }

    private static JsonObject outboxCheck() {
        return await(readiness.check()).getJsonObject("checks").getJsonObject("outbox");
    }

    private static long add(String aggregateId, String externalId, Instant due) {
        await(infra.pg.withTransaction(tx -> Outbox.add(tx, new OutboxMessage("test.topic", aggregateId, externalId, new JsonObject()))));
        return await(infra.pg.preparedQuery("update outbox set next_attempt_at = $2 where external_id = $1 returning id")
                .execute(Tuple.of(externalId, due.atOffset(ZoneOffset.UTC)))).iterator().next().getLong(0);
    }

    private static void update(String sql, long id, Instant at) {
        Tuple args = at == null ? Tuple.of(id) : Tuple.of(id, at.atOffset(ZoneOffset.UTC));
        await(infra.pg.preparedQuery(sql).execute(args));
    }
}
