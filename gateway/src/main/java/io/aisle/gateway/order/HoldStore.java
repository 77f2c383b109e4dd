package io.aisle.gateway.order;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.gateway.order.model.Hold;
import io.aisle.gateway.order.model.HoldAnswer;
import io.aisle.gateway.persistence.StoredJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Table {@code holds}: the holds taken at stores for orders, from TAKING through HELD or FAILED to
 * RELEASING and RELEASED. Statements run on the client given: the pool, or the transaction of the
 * state change they belong to.
 */
public final class HoldStore {

    /* the partial index of live holds answers it */
    private static final String COUNT_HELD = "select count(*) from holds where status = 'HELD'";
    private static final String INSERT = """
            insert into holds (hold_id, order_id, store_id, status, lines, expires_at) values ($1, $2, $3, 'TAKING', $4, $5)
            on conflict (hold_id) do nothing""";
    private static final String SET_OUTCOME = """
            update holds set status = $2, failure = $3, updated_at = now() where hold_id = $1 and status in ('TAKING', 'HELD')
            returning hold_id""";
    private static final String RELEASE_UNCLEAR = """
            update holds set status = 'RELEASING', failure = $2, updated_at = now() where hold_id = $1 and status in ('TAKING', 'HELD')
            returning hold_id, store_id, order_id""";
    private static final String RELEASED_AMONG = """
            select hold_id, store_id, order_id from holds where hold_id = any($1) and status in ('RELEASING', 'RELEASED')""";
    private static final String RELEASE = """
            update holds set status = 'RELEASING', updated_at = now() where hold_id = $1 and status in ('TAKING', 'HELD')
            returning hold_id, store_id, order_id""";
    private static final String RELEASE_ALL_OF_ORDER = """
            update holds set status = 'RELEASING', updated_at = now() where order_id = $1 and status in ('TAKING', 'HELD')
            returning hold_id, store_id, order_id""";
    private static final String RELEASE_ALL_OF_ORDER_AT = """
            update holds set status = 'RELEASING', updated_at = now()
            where order_id = $1 and store_id = $2 and status in ('TAKING', 'HELD')
            returning hold_id, store_id, order_id""";
    private static final String RELEASED = "update holds set status = 'RELEASED', updated_at = now() where hold_id = $1";
    private static final String OF_ORDER = """
            select hold_id, order_id, store_id, status, lines, expires_at from holds where order_id = $1 order by created_at, hold_id""";
    /*
     * The one statement here that reads another table: whether a hold past its expiry is still needed
     * depends on its order's status, and the choice and the release must be one statement to lock
     * only the holds it releases.
     */
    private static final String RELEASE_EXPIRED = """
            update holds set status = 'RELEASING', updated_at = now() where hold_id in (
              select h.hold_id from holds h join orders o on o.order_id = h.order_id
              where h.status in ('TAKING', 'HELD') and h.expires_at < $1
                and o.status in ('CANCELLED', 'REJECTED', 'FAILED', 'RECEIVED')
              limit $2 for update of h skip locked)
            returning hold_id, store_id, order_id""";

    /** A hold being released: the store is still to be told (outbox). */
    public record Releasing(String holdId, String storeId, String orderId) {
    }

    /** What a store answered to a hold (held, refused, or unclear: it may hold the stock). */
    public record Outcome(String holdId, String storeId, HoldAnswer answer) {

        public boolean held() {
            return answer.held();
        }
    }


    /** Records holds about to be asked for, in TAKING; a hold already recorded stays as it is. */
    public Future<Void> addTaking(SqlClient sql, List<Hold> holds) {
        if (holds.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = holds.stream().map(h -> Tuple.of(h.holdId(), h.orderId(), h.storeId(), StoredJson.array(h.lines()),
                h.expiresAt().atOffset(ZoneOffset.UTC))).toList();
        return sql.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
    }

    /**
     * Records what the store answered: HELD, or FAILED with why; a hold no longer live stays as it is.
     * False when it was no longer live (released meanwhile, or never recorded).
     */
    public Future<Boolean> recordOutcome(SqlClient sql, String holdId, boolean held, String failure) {
        return sql.preparedQuery(SET_OUTCOME).execute(Tuple.of(holdId, held ? "HELD" : "FAILED", failure)).map(rows -> rows.rowCount() > 0);
    }

    /** A live hold the store gave no clear answer to moves to RELEASING (it may hold the stock); empty when it is not live. */
    public Future<List<Releasing>> releaseUnclear(SqlClient sql, String holdId, String failure) {
        return sql.preparedQuery(RELEASE_UNCLEAR).execute(Tuple.of(holdId, failure)).map(HoldStore::releasing);
    }

    /**
     * Records what the stores answered to holds that were clearly held or refused, in one round trip (as
     * {@link #recordOutcome}); answers that leave it unclear whether the store holds the stock are for
     * {@link #releaseUnclear}.
     */
    public Future<Void> recordOutcomes(SqlClient sql, List<Outcome> outcomes) {
        List<Tuple> clear = outcomes.stream().filter(o -> o.held() || !o.answer().mayBeHeld())
                .map(o -> Tuple.of(o.holdId(), o.held() ? "HELD" : "FAILED", o.answer().failure())).toList();
        if (clear.isEmpty()) {
            return Future.succeededFuture();
        }
        return sql.preparedQuery(SET_OUTCOME).executeBatch(clear).mapEmpty();
    }

    /** Which of {@code holdIds} are being or have been released here (a store granting one after that holds it again). */
    public Future<List<Releasing>> releasedAmong(SqlClient sql, List<String> holdIds) {
        return sql.preparedQuery(RELEASED_AMONG).execute(Tuple.of((Object) holdIds.toArray(String[]::new))).map(HoldStore::releasing);
    }

    /** Moves a live hold to RELEASING; empty when it is not live. */
    public Future<List<Releasing>> release(SqlClient sql, String holdId) {
        return sql.preparedQuery(RELEASE).execute(Tuple.of(holdId)).map(HoldStore::releasing);
    }

    /** Moves every live hold of the order to RELEASING. */
    public Future<List<Releasing>> releaseAllOf(SqlClient sql, String orderId) {
        return sql.preparedQuery(RELEASE_ALL_OF_ORDER).execute(Tuple.of(orderId)).map(HoldStore::releasing);
    }

    /** Moves every live hold of the order at one store to RELEASING. */
    public Future<List<Releasing>> releaseAllOfAt(SqlClient sql, String orderId, String storeId) {
        return sql.preparedQuery(RELEASE_ALL_OF_ORDER_AT).execute(Tuple.of(orderId, storeId)).map(HoldStore::releasing);
    }

    /** Moves live holds past their expiry whose order no longer needs them (at most {@code limit}) to RELEASING. */
    public Future<List<Releasing>> releaseExpired(SqlClient sql, Instant now, int limit) {
        return sql.preparedQuery(RELEASE_EXPIRED).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), limit)).map(HoldStore::releasing);
    }

    /** The store released the hold. */
    public Future<Void> markReleased(SqlClient sql, String holdId) {
        return sql.preparedQuery(RELEASED).execute(Tuple.of(holdId)).mapEmpty();
    }

    /** Every hold of the order, oldest first. */
    public Future<List<Hold>> ofOrder(SqlClient sql, String orderId) {
        return sql.preparedQuery(OF_ORDER).execute(Tuple.of(orderId)).map(rows -> {
            List<Hold> holds = new ArrayList<>();
            for (Row row : rows) {
                List<HoldLine> lines = StoredJson.read((JsonArray) row.getValue("lines"), new TypeReference<>() { });
                holds.add(new Hold(row.getString("hold_id"), row.getString("order_id"), row.getString("store_id"),
                        row.getString("status"), lines, row.getOffsetDateTime("expires_at").toInstant()));
            }
            return holds;
        });
    }

    private static List<Releasing> releasing(RowSet<Row> rows) {
        List<Releasing> released = new ArrayList<>();
        for (Row row : rows) {
            released.add(new Releasing(row.getString("hold_id"), row.getString("store_id"), row.getString("order_id")));
        }
        return released;
    }

    /** Holds stores keep for orders now (HELD). */
    public Future<Long> countHeld(SqlClient pg) {
        return pg.query(COUNT_HELD).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
