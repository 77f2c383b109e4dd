package io.aisle.gateway.picking;

import io.aisle.contracts.partner.PickList;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.wave.Wave;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Table {@code waves}: the pick waves closed at each store, with their pick list, until the store reports them ready. */
public final class WaveStore {

    private static final String INSERT = """
            insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, pick_list)
            values ($1, $2, $3, 'SUBMITTED', $4, $5, $6, $7)""";
    private static final String LOCK_BY_PICK_LIST = """
            select wave_id, store_id, status from waves where pick_list_id = $1 for update""";
    private static final String READY = "update waves set status = 'READY', ready_at = $2 where wave_id = $1";
    private static final String TIMED_OUT = "update waves set status = 'TIMED_OUT', ready_at = $2 where wave_id = $1";
    private static final String DUE_FOR_RESUBMISSION = """
            select wave_id, store_id, pick_list_id, pick_list from waves
            where status = 'SUBMITTED' and resubmitted_at is null and expected_ready_at < $1
            order by expected_ready_at limit $2 for update skip locked""";
    private static final String RESUBMITTED = "update waves set resubmitted_at = $2 where wave_id = $1";
    private static final String DUE_FOR_TIME_OUT = """
            select wave_id from waves where status = 'SUBMITTED' and resubmitted_at < $1
            order by resubmitted_at limit $2""";
    private static final String LOCK = "select wave_id, store_id, status, pick_list_id from waves where wave_id = $1 for update";

    /** A wave as a pick result finds it. */
    public record StoredWave(String waveId, String storeId, String status) {

        public boolean ready() {
            return "READY".equals(status);
        }

        /** Its pick list went to the store and no result settled it yet (not ready, not timed out). */
        public boolean submitted() {
            return "SUBMITTED".equals(status);
        }
    }

    /** A submitted wave whose result is overdue, with the pick list to send again. */
    public record OverdueWave(String waveId, String storeId, String pickListId, JsonObject pickList) {
    }

    /** Records a closed wave and the pick list submitted for it. */
    public Future<Void> insert(SqlClient sql, Wave wave, PickList pickList, Instant expectedReady) {
        return sql.preparedQuery(INSERT).execute(Tuple.of(wave.waveId(), wave.storeId(), pickList.pickListId(),
                wave.reason().name(), utc(wave.closedAt()), utc(expectedReady), StoredJson.object(pickList))).mapEmpty();
    }

    /** Locks the wave of a pick list in the caller's transaction; empty when no wave has it. */
    public Future<Optional<StoredWave>> lockByPickList(SqlClient sql, String pickListId) {
        return sql.preparedQuery(LOCK_BY_PICK_LIST).execute(Tuple.of(pickListId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new StoredWave(row.getString("wave_id"), row.getString("store_id"), row.getString("status")));
        });
    }

    /**
     * Locks, in the caller's transaction, submitted waves whose result was expected before {@code before} and
     * that were not sent again yet (at most {@code limit}, skipping those another instance holds).
     */
    public Future<List<OverdueWave>> lockDueForResubmission(SqlClient sql, Instant before, int limit) {
        return sql.preparedQuery(DUE_FOR_RESUBMISSION).execute(Tuple.of(utc(before), limit)).map(rows -> {
            List<OverdueWave> due = new ArrayList<>();
            for (Row row : rows) {
                due.add(new OverdueWave(row.getString("wave_id"), row.getString("store_id"), row.getString("pick_list_id"),
                        row.getJsonObject("pick_list")));
            }
            return due;
        });
    }

    /** The wave's pick list was sent once more. */
    public Future<Void> markResubmitted(SqlClient sql, String waveId, Instant at) {
        return sql.preparedQuery(RESUBMITTED).execute(Tuple.of(waveId, utc(at))).mapEmpty();
    }

    /** Submitted waves sent again before {@code before} and still without a result (at most {@code limit}). */
    public Future<List<String>> dueForTimeOut(SqlClient sql, Instant before, int limit) {
        return sql.preparedQuery(DUE_FOR_TIME_OUT).execute(Tuple.of(utc(before), limit)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return ids;
        });
    }

    /** Locks the wave in the caller's transaction; empty when there is no such wave. */
    public Future<Optional<StoredWave>> lock(SqlClient sql, String waveId) {
        return sql.preparedQuery(LOCK).execute(Tuple.of(waveId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new StoredWave(row.getString("wave_id"), row.getString("store_id"), row.getString("status")));
        });
    }

    /** The wave's result never came: it timed out. */
    public Future<Void> markTimedOut(SqlClient sql, String waveId, Instant at) {
        return sql.preparedQuery(TIMED_OUT).execute(Tuple.of(waveId, utc(at))).mapEmpty();
    }

    /** The store reported the wave's bags ready. */
    public Future<Void> markReady(SqlClient sql, String waveId, Instant at) {
        return sql.preparedQuery(READY).execute(Tuple.of(waveId, utc(at))).mapEmpty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
