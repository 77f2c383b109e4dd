package io.aisle.gateway.outbox;

import static io.aisle.gateway.testing.Infra.await;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Rows written and read with plain SQL, as the order saga and an operator would, for outbox and webhook tests. */
public final class OutboxFixtures {

    private OutboxFixtures() {
    }

    /** An outbox row as the table has it. */
    public record OutboxRow(long id, String status, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {
    }

    public static void addToOutbox(Pool pg, OutboxMessage message) {
        await(pg.withTransaction(tx -> Outbox.add(tx, message)));
    }

    public static OutboxRow outboxRow(Pool pg, String externalId) {
        Row row = await(pg.preparedQuery("""
                        select id, status, attempts, next_attempt_at, last_error, sent_at from outbox where external_id = $1""")
                .execute(Tuple.of(externalId))).iterator().next();
        OffsetDateTime sentAt = row.getOffsetDateTime("sent_at");
        return new OutboxRow(row.getLong("id"), row.getString("status"), row.getInteger("attempts"),
                row.getOffsetDateTime("next_attempt_at").toInstant(), row.getString("last_error"),
                sentAt == null ? null : sentAt.toInstant());
    }

    public static long countByStatus(Pool pg, String status) {
        return await(pg.preparedQuery("select count(*) from outbox where status = $1").execute(Tuple.of(status)))
                .iterator().next().getLong(0);
    }

    public static void delayRow(Pool pg, String externalId, Instant until) {
        await(pg.preparedQuery("update outbox set next_attempt_at = $2 where external_id = $1")
                .execute(Tuple.of(externalId, OffsetDateTime.ofInstant(until, ZoneOffset.UTC))));
    }

    public static void insertClient(Pool pg, String clientId, String webhookUrl, String webhookSecret) {
        await(pg.preparedQuery("""
                        insert into clients (client_id, name, api_key_sha256, webhook_url, webhook_secret)
                        values ($1, $1, $1 || '-key-digest', $2, $3)""")
                .execute(Tuple.of(clientId, webhookUrl, webhookSecret)));
    }

    public static void insertOrder(Pool pg, String orderId, String clientId, String customerRef) {
        await(pg.preparedQuery("""
                        insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, accept_partial, request)
                        values ($1, $2, $3, 'RECEIVED', 30.5928, 114.3055, false, '{}'::jsonb)""")
                .execute(Tuple.of(orderId, clientId, customerRef)));
    }

    public static void insertTransition(Pool pg, String orderId, int seq, String status, Instant at, String note) {
        await(pg.preparedQuery("insert into order_transitions (order_id, seq, status, at, note) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(orderId, seq, status, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), note)));
    }
}
