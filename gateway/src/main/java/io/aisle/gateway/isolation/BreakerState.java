package io.aisle.gateway.isolation;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A store breaker's state as stored in Redis and broadcast to every gateway instance.
 * {@code until} is set for OPEN: when the store may be probed again.
 */
public record BreakerState(String storeId, String chainId, String state, String reason, Instant since, Instant until,
                           float failureRate, float slowCallRate, String origin) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("storeId", storeId).put("chainId", chainId).put("state", state).put("reason", reason)
                .put("since", since.toString()).put("failureRate", failureRate).put("slowCallRate", slowCallRate)
                .put("origin", origin);
        if (until != null) {
            json.put("until", until.toString());
        }
        return json;
    }

    public static BreakerState fromJson(JsonObject json) {
        return new BreakerState(json.getString("storeId"), json.getString("chainId"), json.getString("state"),
                json.getString("reason"), Instant.parse(json.getString("since")),
                json.getString("until") == null ? null : Instant.parse(json.getString("until")),
                json.getFloat("failureRate", -1f), json.getFloat("slowCallRate", -1f), json.getString("origin"));
    }
}
