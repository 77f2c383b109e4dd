package io.aisle.gateway.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Table {@code outbox}. Writes outbox rows inside the caller's transaction, so a message exists if and only if the state
 * change that requires it committed. Call {@link OutboxRelay#wake()} after the commit to have it sent
 * without waiting for the next poll.
 *
 * <p>Messages of one aggregate are sent in id order, so write them after taking the aggregate's row
 * lock (e.g. after {@code update orders ... where order_id = $1}) in the same transaction: then ids
 * follow commit order. The {@link OutboxRelay} takes due rows and records what became of them here too.
 */
public final class Outbox {

    static final String INSERT = """
            insert into outbox (topic, aggregate_id, external_id, payload) values ($1, $2, $3, $4)
            on conflict (external_id) do nothing""";
    private static final String SELECT_DUE = """
            select o.id, o.topic, o.aggregate_id, o.external_id, o.payload, o.attempts, o.created_at
            from outbox o
            where o.status = 'PENDING' and o.next_attempt_at <= $1
              and not exists (select 1 from outbox earlier
                              where earlier.status = 'PENDING' and earlier.topic = o.topic
                                and earlier.aggregate_id = o.aggregate_id and earlier.id < o.id)
            order by o.next_attempt_at, o.id
            limit $2
            for update of o skip locked""";
    private static final String UPDATE_ROW = """
            update outbox set status = $2, attempts = $3, next_attempt_at = coalesce($4, next_attempt_at),
              last_error = coalesce($5, last_error), sent_at = $6
            where id = $1""";

    /** A due row, as the relay takes it; {@code payload} as stored (a JSON object unless the row is malformed). */
    record Due(long id, String topic, String aggregateId, String externalId, Object payload, int attempts, Instant createdAt) {
    }

    /** What became of a row: its status, attempts, and (null: unchanged) next attempt, last error, and when it was sent. */
    record Outcome(long id, String status, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {
    }

    private Outbox() {
    }

    /**
     * Adds {@code message} to the outbox in transaction {@code tx}. A message whose external id is
     * already in the outbox is not added again (the first one stands), so a step that is repeated
     * after a crash does not send twice.
     */
    public static Future<Void> add(SqlConnection tx, OutboxMessage message) {
        return tx.preparedQuery(INSERT).execute(tuple(message)).mapEmpty();
    }

    /** As {@link #add(SqlConnection, OutboxMessage)}, for several messages in one round trip, in list order. */
    public static Future<Void> addAll(SqlConnection tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Future.succeededFuture();
        }
        return tx.preparedQuery(INSERT).executeBatch(messages.stream().map(Outbox::tuple).toList()).mapEmpty();
    }

    /**
     * Locks, in {@code tx}, at most {@code limit} PENDING rows due at {@code now} that are the oldest
     * pending row of their topic and aggregate, skipping rows other relays hold.
     */
    static Future<List<Due>> takeDue(SqlConnection tx, Instant now, int limit) {
        return tx.preparedQuery(SELECT_DUE).execute(Tuple.of(timestamp(now), limit)).map(rows -> {
            List<Due> due = new ArrayList<>(rows.size());
            for (Row row : rows) {
                due.add(new Due(row.getLong("id"), row.getString("topic"), row.getString("aggregate_id"), row.getString("external_id"),
                        row.getValue("payload"), row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant()));
            }
            return due;
        });
    }

    /** Records the outcomes of a batch in {@code tx}. */
    static Future<Void> record(SqlConnection tx, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Future.succeededFuture();
        }
        return tx.preparedQuery(UPDATE_ROW).executeBatch(outcomes.stream()
                .map(u -> Tuple.of(u.id(), u.status(), u.attempts(), timestamp(u.nextAttemptAt()), u.lastError(), timestamp(u.sentAt())))
                .toList()).mapEmpty();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Tuple tuple(OutboxMessage message) {
        return Tuple.of(message.topic(), message.aggregateId(), message.externalId(), message.payload());
    }
}
