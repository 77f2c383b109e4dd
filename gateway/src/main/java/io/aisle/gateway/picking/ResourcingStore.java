package io.aisle.gateway.picking;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.picklist.ShortLine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Table {@code resourcing}: units a store picked short that are asked of other stores, one row per order and store
 * that picked short, from PENDING (a store is to be found) through HOLDING (a store is asked for a hold, recorded
 * first) to RESOURCED, REFUNDED or CANCELLED. A worker pass owns a row until its lease runs out; every write of the
 * pass names the attempt it claimed ({@code attempts}), so a pass that lost its lease changes nothing.
 */
public final class ResourcingStore {

    private static final String INSERT = """
            insert into resourcing (order_id, from_store_id, status, lines, lease_until) values ($1, $2, 'PENDING', $3, $4)
            on conflict (order_id, from_store_id) do nothing""";
    /* counted through the primary key: only the order's rows */
    private static final String OPEN_OF_ORDER = """
            select count(*) from resourcing where order_id = $1 and status in ('PENDING', 'HOLDING')""";
    private static final String RESOURCED_TO = """
            select count(*) from resourcing where order_id = $1 and to_store_id = $2 and status = 'RESOURCED'""";
    /** Reads {@code resourcing_open_idx}: the open rows whose lease ran out, never the history. */
    public static final String CLAIM = """
            update resourcing r set lease_until = $1, attempts = r.attempts + 1, updated_at = now()
            from (select order_id, from_store_id from resourcing
                  where status in ('PENDING', 'HOLDING') and lease_until < $2
                  order by lease_until limit $3 for update skip locked) due
            where r.order_id = due.order_id and r.from_store_id = due.from_store_id
            returning r.order_id, r.from_store_id, r.status, r.lines, r.to_store_id, r.hold_id, r.held_lines, r.excluded, r.attempts""";
    private static final String LOCK = """
            select status, attempts, hold_id from resourcing where order_id = $1 and from_store_id = $2 for update""";
    private static final String TO_HOLDING = """
            update resourcing set status = 'HOLDING', to_store_id = $4, hold_id = $5, held_lines = $6, updated_at = now()
            where order_id = $1 and from_store_id = $2 and attempts = $3 and status = 'PENDING'""";
    private static final String BACK_TO_PENDING = """
            update resourcing set status = 'PENDING', to_store_id = null, hold_id = null, held_lines = null,
                   excluded = array_append(excluded, to_store_id), lease_until = $4, updated_at = now()
            where order_id = $1 and from_store_id = $2 and attempts = $3 and status = 'HOLDING'""";
    private static final String RETRY_AT = """
            update resourcing set lease_until = $4, updated_at = now()
            where order_id = $1 and from_store_id = $2 and attempts = $3 and status in ('PENDING', 'HOLDING')""";
    private static final String END = """
            update resourcing set status = $3, note = $4, updated_at = now()
            where order_id = $1 and from_store_id = $2 and status in ('PENDING', 'HOLDING')""";

    /** Where a re-sourcing stands. */
    public enum Status { PENDING, HOLDING, RESOURCED, REFUNDED, CANCELLED }

    /**
     * A re-sourcing claimed by a pass: the short lines, the store asked and its hold (HOLDING), the units by leg line
     * that hold covers, the stores that refused, and the attempt this pass is.
     */
    public record Claimed(String orderId, String fromStoreId, Status status, List<ShortLine> lines, String toStoreId, String holdId,
                          Map<Integer, Integer> heldLines, List<String> excluded, int attempt) {
    }

    /** A re-sourcing locked in a transaction: where it stands, the attempt that last claimed it, its hold (null: none). */
    public record Locked(Status status, int attempt, String holdId) {

        public boolean open() {
            return status == Status.PENDING || status == Status.HOLDING;
        }
    }

    /** Records short lines of the order's leg at the store to re-source, due now; false when they were recorded before. */
    public Future<Boolean> insert(SqlClient sql, String orderId, String fromStoreId, List<ShortLine> lines, Instant dueAt) {
        return sql.preparedQuery(INSERT).execute(Tuple.of(orderId, fromStoreId, StoredJson.array(lines), utc(dueAt)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** How many re-sourcings of the order are still open (PENDING, HOLDING). */
    public Future<Long> openOf(SqlClient sql, String orderId) {
        return sql.preparedQuery(OPEN_OF_ORDER).execute(Tuple.of(orderId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Whether the order's leg at the store is itself a re-sourced leg. */
    public Future<Boolean> isResourcedTo(SqlClient sql, String orderId, String storeId) {
        return sql.preparedQuery(RESOURCED_TO).execute(Tuple.of(orderId, storeId)).map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    /** Takes open re-sourcings whose lease ran out before {@code now} (skipping those another pass holds) until {@code leaseUntil}. */
    public Future<List<Claimed>> claim(SqlClient sql, Instant now, Instant leaseUntil, int limit) {
        return sql.preparedQuery(CLAIM).execute(Tuple.of(utc(leaseUntil), utc(now), limit)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>();
            for (Row row : rows) {
                List<ShortLine> lines = StoredJson.read(row.getJsonArray("lines"), new TypeReference<>() { });
                String[] excluded = row.getArrayOfStrings("excluded");
                claimed.add(new Claimed(row.getString("order_id"), row.getString("from_store_id"), Status.valueOf(row.getString("status")),
                        lines, row.getString("to_store_id"), row.getString("hold_id"), heldLines(row.getJsonObject("held_lines")),
                        excluded == null ? List.of() : Arrays.asList(excluded), row.getInteger("attempts")));
            }
            return claimed;
        });
    }

    /** Locks the re-sourcing in the caller's transaction; empty when there is none. */
    public Future<Optional<Locked>> lock(SqlClient sql, String orderId, String fromStoreId) {
        return sql.preparedQuery(LOCK).execute(Tuple.of(orderId, fromStoreId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Locked(Status.valueOf(row.getString("status")), row.getInteger("attempts"), row.getString("hold_id")));
        });
    }

    /** PENDING -> HOLDING: store {@code toStoreId} is to be asked for hold {@code holdId} of {@code heldLines}; false when not this attempt's. */
    public Future<Boolean> toHolding(SqlClient sql, Claimed claimed, String toStoreId, String holdId, Map<Integer, Integer> heldLines) {
        JsonObject held = new JsonObject();
        heldLines.forEach((line, units) -> held.put(Integer.toString(line), units));
        return sql.preparedQuery(TO_HOLDING).execute(Tuple.of(claimed.orderId(), claimed.fromStoreId(), claimed.attempt(), toStoreId,
                holdId, held)).map(rows -> rows.rowCount() > 0);
    }

    /** HOLDING -> PENDING: the store asked refused, it is not asked again; due again at {@code dueAt}. */
    public Future<Boolean> backToPending(SqlClient sql, Claimed claimed, Instant dueAt) {
        return sql.preparedQuery(BACK_TO_PENDING).execute(Tuple.of(claimed.orderId(), claimed.fromStoreId(), claimed.attempt(),
                utc(dueAt))).map(rows -> rows.rowCount() > 0);
    }

    /** The re-sourcing is due again at {@code dueAt}, as it stands (its store is asked again for the same hold). */
    public Future<Void> retryAt(SqlClient sql, Claimed claimed, Instant dueAt) {
        return sql.preparedQuery(RETRY_AT).execute(Tuple.of(claimed.orderId(), claimed.fromStoreId(), claimed.attempt(), utc(dueAt)))
                .mapEmpty();
    }

    /** An open re-sourcing ends (RESOURCED, REFUNDED, CANCELLED) with why; false when it had ended. */
    public Future<Boolean> end(SqlClient sql, String orderId, String fromStoreId, Status status, String note) {
        return sql.preparedQuery(END).execute(Tuple.of(orderId, fromStoreId, status.name(), note)).map(rows -> rows.rowCount() > 0);
    }

    private static Map<Integer, Integer> heldLines(JsonObject json) {
        Map<Integer, Integer> held = new LinkedHashMap<>();
        if (json != null) {
            json.forEach(entry -> held.put(Integer.parseInt(entry.getKey()), ((Number) entry.getValue()).intValue()));
        }
        return held;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
