package io.aisle.gateway.store;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A store in the registry. Opening hours are local to the store; a closing time at or before the
 * opening time means the store closes after midnight.
 */
public record Store(String storeId, String chainId, String partnerStoreId, String name, GeoPoint location,
                    LocalTime opensAt, LocalTime closesAt, ZoneId timeZone,
                    boolean paused, String pauseReason, Instant pausedAt) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public Store {
        Checks.requireId(storeId, "storeId");
        Checks.requireId(chainId, "chainId");
        if (partnerStoreId == null || partnerStoreId.isBlank()) {
            partnerStoreId = storeId;
        }
        Checks.requireText(name, "name");
        Checks.requireNonNull(location, "location");
        opensAt = opensAt == null ? LocalTime.MIDNIGHT : opensAt;
        closesAt = closesAt == null ? LocalTime.MAX : closesAt;
        timeZone = timeZone == null ? DEFAULT_ZONE : timeZone;
        if (paused && (pauseReason == null || pauseReason.isBlank())) {
            throw new IllegalArgumentException("a paused store has a pause reason");
        }
    }

    public boolean isOpenAt(Instant instant) {
        LocalTime local = instant.atZone(timeZone).toLocalTime();
        if (opensAt.equals(closesAt)) {
            return true;
        }
        if (opensAt.isBefore(closesAt)) {
            return !local.isBefore(opensAt) && local.isBefore(closesAt);
        }
        return !local.isBefore(opensAt) || local.isBefore(closesAt);
    }
}
