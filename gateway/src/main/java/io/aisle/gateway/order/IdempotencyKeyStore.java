package io.aisle.gateway.order;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Table {@code idempotency_keys}: per client, the first request made with a key (its body's hash and
 * its order) and, once there is one, its answer. Statements run on the client given: the pool, or
 * the transaction of the state change they belong to.
 */
public final class IdempotencyKeyStore {

    private static final String INSERT = """
            insert into idempotency_keys (client_id, idem_key, request_sha256, order_id) values ($1, $2, $3, $4)
            on conflict (client_id, idem_key) do nothing returning order_id""";
    private static final String SELECT = """
            select request_sha256, order_id, status_code, response from idempotency_keys where client_id = $1 and idem_key = $2""";
    /** Finds the key through {@code idempotency_keys_unanswered_idx}: the cost of an order does not grow with history. */
    static final String COMPLETE = """
            update idempotency_keys set status_code = $3, response = $4, completed_at = now()
            where client_id = $1 and order_id = $2 and response is null""";
    private static final String FORGET = """
            delete from idempotency_keys where ctid in (
              select ctid from idempotency_keys where created_at < $1 and response is not null limit $2)""";

    /** The first request made with a key, and its answer once it has one ({@code response} null until then). */
    public record FirstUse(String requestSha256, String orderId, Integer statusCode, JsonObject response) {
    }

    /** Records the key for {@code orderId}; empty when it is new, else how it was first used. */
    public Future<Optional<FirstUse>> claim(SqlClient sql, String clientId, String key, String requestSha256, String orderId) {
        return sql.preparedQuery(INSERT).execute(Tuple.of(clientId, key, requestSha256, orderId)).compose(inserted -> {
            if (inserted.rowCount() > 0) {
                return Future.succeededFuture(Optional.empty());
            }
            return sql.preparedQuery(SELECT).execute(Tuple.of(clientId, key)).map(IdempotencyKeyStore::firstUse);
        });
    }

    /** Records the answer of the order's key, unless it has one. */
    public Future<Void> complete(SqlClient sql, String clientId, String orderId, int statusCode, JsonObject answer) {
        return sql.preparedQuery(COMPLETE).execute(Tuple.of(clientId, orderId, statusCode, answer)).mapEmpty();
    }

    /** Forgets answered keys made before {@code before}, at most {@code limit} of them; returns how many. */
    public Future<Integer> forgetAnsweredBefore(SqlClient sql, Instant before, int limit) {
        return sql.preparedQuery(FORGET).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit)).map(RowSet::rowCount);
    }

    private static Optional<FirstUse> firstUse(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        Object response = row.getValue("response");
        return Optional.of(new FirstUse(row.getString("request_sha256"), row.getString("order_id"), row.getInteger("status_code"),
                response == null ? null : (JsonObject) response));
    }
}
