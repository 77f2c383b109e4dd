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
import java.util.Optional;

/** Table {@code waves}: the pick waves closed at each store, with their pick list, until the store reports them ready. */
public final class WaveStore {

    private static final String INSERT = """
            insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, pick_list)
            values ($1, $2, $3, 'SUBMITTED', $4, $5, $6, $7)""";
    private static final String LOCK_BY_PICK_LIST = """
            select wave_id, store_id, status from waves where pick_list_id = $1 for update""";
    private static final String READY = "update waves set status = 'READY', ready_at = $2 where wave_id = $1";

    /** A wave as a pick result finds it. */
    public record StoredWave(String waveId, String storeId, String status) {

        public boolean ready() {
            return "READY".equals(status);
        }
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

    /** The store reported the wave's bags ready. */
    public Future<Void> markReady(SqlClient sql, String waveId, Instant at) {
        return sql.preparedQuery(READY).execute(Tuple.of(waveId, utc(at))).mapEmpty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
