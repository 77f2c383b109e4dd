package io.aisle.gateway.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table {@code outbox}. Writes outbox rows inside the caller's transaction, so a message exists if and only if the state
 * change that requires it committed. Call {@link OutboxRelay#wake()} after the commit to have it sent
 * without waiting for the next poll.
 *
 * <p>Messages of one aggregate are sent in id order, so write them after taking the aggregate's row
 * lock (e.g. after {@code update orders ... where order_id = $1}) in the same transaction: then ids
 * follow commit order. The {@link OutboxRelay} takes due rows (several of one aggregate at once when
 * they are its oldest pending ones) and records what became of them here too.
 */
public final class Outbox {

    /* the row continues the trace of the order that caused it (an index probe by primary key) */
    static final String INSERT = """
            insert into outbox (topic, aggregate_id, external_id, payload, traceparent)
            values ($1, $2, $3, $4, (select c.traceparent from orders c where c.order_id = $5))
            on conflict (external_id) do nothing""";
    /* due rows, each with how many pending rows of its aggregate are older (an index probe per row taken) */
    private static final String SELECT_DUE = """
            select o.id, o.topic, o.aggregate_id, o.external_id, o.payload, o.attempts, o.created_at, o.traceparent,
                   (select count(*) from outbox earlier
                    where earlier.status = 'PENDING' and earlier.topic = o.topic and earlier.aggregate_id = o.aggregate_id
                      and earlier.id < o.id) as earlier
            from outbox o
            where o.status = 'PENDING' and o.next_attempt_at <= $1
              -- a row behind an earlier one of its aggregate that has failed (in backoff, or due to be tried again) is
              -- not taken: only that earlier row is, so a long backlog behind a receiver that is down does not fill
              -- every batch and starve the other aggregates
              and not exists (select 1 from outbox blocker
                               where blocker.status = 'PENDING' and blocker.topic = o.topic and blocker.aggregate_id = o.aggregate_id
                                 and blocker.id < o.id and (blocker.next_attempt_at > $1 or blocker.attempts > 0))
            order by o.next_attempt_at, o.id
            limit $2
            for update of o skip locked""";
    /* the oldest due row the relay could send now (no older pending row of its aggregate holds it back): the pending index in order */
    private static final String OLDEST_SENDABLE = """
            select o.next_attempt_at from outbox o
            where o.status = 'PENDING' and o.next_attempt_at <= $1
              and not exists (select 1 from outbox earlier
                              where earlier.status = 'PENDING' and earlier.topic = o.topic and earlier.aggregate_id = o.aggregate_id
                                and earlier.id < o.id)
            order by o.next_attempt_at, o.id
            limit 1""";
    private static final String COUNT_DEAD = "select count(*) from outbox where status = 'DEAD'";
    /* the latest rows given up, newest first: a backward walk of the small partial index of DEAD rows */
    private static final String RECENT_DEAD = """
            select id, topic, aggregate_id, attempts, left(last_error, 500) as last_error, created_at
            from outbox where status = 'DEAD' order by id desc limit $1""";
    private static final String COUNT_PENDING = "select count(*) from outbox where status = 'PENDING'";
    private static final String UPDATE_ROW = """
            update outbox set status = $2, attempts = $3, next_attempt_at = coalesce($4, next_attempt_at),
              last_error = coalesce($5, last_error), sent_at = $6
            where id = $1""";

    /**
     * A due row, as the relay takes it; {@code payload} as stored (a JSON object unless the row is malformed),
     * {@code traceparent} the trace it continues (null: none).
     */
    record Due(long id, String topic, String aggregateId, String externalId, Object payload, int attempts, Instant createdAt,
               String traceparent) {
    }

    /** A batch taken: how many rows it locked, and those of them that may be sent now, in order. */
    record Taken(int locked, List<Due> sendable) {
    }

    /** What became of a row: its status, attempts, and (null: unchanged) next attempt, last error, and when it was sent. */
    record Outcome(long id, String status, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {
    }

    private Outbox() {
    }

    /**
     * The outbox lag at {@code now}: how long the oldest row that could be sent has been due (zero when
     * none is). Rows in backoff, and rows waiting behind one of their aggregate, are not lag.
     */
    public static Future<Duration> lag(SqlClient pg, Instant now) {
        return pg.preparedQuery(OLDEST_SENDABLE).execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Duration.ZERO;
            }
            Instant due = rows.iterator().next().getOffsetDateTime(0).toInstant();
            return due.isBefore(now) ? Duration.between(due, now) : Duration.ZERO;
        });
    }

    /** Rows given up (DEAD), which an operator should look at. */
    public static Future<Long> deadRows(SqlClient pg) {
        return pg.query(COUNT_DEAD).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** An outbox row given up (DEAD): its id, what it was for, how often it was tried, its last error (at most 500 characters). */
    public record Dead(long id, String topic, String aggregateId, int attempts, String lastError, Instant createdAt) {
    }

    /** The latest {@code limit} rows given up, newest first. */
    public static Future<List<Dead>> recentDead(SqlClient pg, int limit) {
        return pg.preparedQuery(RECENT_DEAD).execute(Tuple.of(limit)).map(rows -> {
            List<Dead> dead = new ArrayList<>();
            for (Row row : rows) {
                dead.add(new Dead(row.getLong("id"), row.getString("topic"), row.getString("aggregate_id"), row.getInteger("attempts"),
                        row.getString("last_error"), row.getOffsetDateTime("created_at").toInstant()));
            }
            return dead;
        });
    }

    /** Rows still to be sent (due or in backoff). */
    public static Future<Long> pendingRows(SqlClient pg) {
        return pg.query(COUNT_PENDING).execute().map(rows -> rows.iterator().next().getLong(0));
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
     * Locks, in {@code tx}, at most {@code limit} PENDING rows due at {@code now}, skipping rows other
     * relays hold, and keeps those that may be sent now, in the order they must be sent: per topic
     * and aggregate, the rows that are its oldest pending ones (the first of them its oldest pending
     * row of all, the next ones following it without a gap). A locked row not kept stays as it is.
     */
    static Future<Taken> takeDue(SqlConnection tx, Instant now, int limit) {
        return tx.preparedQuery(SELECT_DUE).execute(Tuple.of(timestamp(now), limit)).map(rows -> {
            Map<String, List<Held>> byAggregate = new LinkedHashMap<>();
            for (Row row : rows) {
                Due due = new Due(row.getLong("id"), row.getString("topic"), row.getString("aggregate_id"), row.getString("external_id"),
                        row.getValue("payload"), row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant(),
                        row.getString("traceparent"));
                byAggregate.computeIfAbsent(due.topic() + "\u0000" + due.aggregateId(), k -> new ArrayList<>())
                        .add(new Held(due, row.getLong("earlier")));
            }
            List<Due> sendable = new ArrayList<>();
            for (List<Held> held : byAggregate.values()) {
                held.sort(Comparator.comparingLong(h -> h.due().id()));
                // the i-th row held may go when exactly the i rows held before it are older than it
                for (int i = 0; i < held.size() && held.get(i).earlier() == i; i++) {
                    sendable.add(held.get(i).due());
                }
            }
            return new Taken(rows.size(), sendable);
        });
    }

    private record Held(Due due, long earlier) {
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
        return Tuple.of(message.topic(), message.aggregateId(), message.externalId(), message.payload(), message.causedBy());
    }
}
