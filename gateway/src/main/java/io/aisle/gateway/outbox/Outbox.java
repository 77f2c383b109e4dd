package io.aisle.gateway.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Writes outbox rows inside the caller's transaction, so a message exists if and only if the state
 * change that requires it committed. Call {@link OutboxRelay#wake()} after the commit to have it sent
 * without waiting for the next poll.
 *
 * <p>Messages of one aggregate are sent in id order, so write them after taking the aggregate's row
 * lock (e.g. after {@code update orders ... where order_id = $1}) in the same transaction: then ids
 * follow commit order.
 */
public final class Outbox {

    static final String INSERT = """
            insert into outbox (topic, aggregate_id, external_id, payload) values ($1, $2, $3, $4)
            on conflict (external_id) do nothing""";

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

    private static Tuple tuple(OutboxMessage message) {
        return Tuple.of(message.topic(), message.aggregateId(), message.externalId(), message.payload());
    }
}
