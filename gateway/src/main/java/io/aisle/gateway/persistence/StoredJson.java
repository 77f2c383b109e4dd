package io.aisle.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.contracts.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Canonical-model records in PostgreSQL {@code jsonb} columns, written and read with the shared
 * mapper. What the gateway stored is always readable: a failure here is a bug, not bad input.
 */
public final class StoredJson {

    private StoredJson() {
    }

    public static JsonObject object(Object value) {
        try {
            return new JsonObject(Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    public static JsonArray array(List<?> values) {
        try {
            return new JsonArray(Json.mapper().writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list", e);
        }
    }

    public static <T> T read(JsonObject json, Class<T> type) {
        try {
            return Json.mapper().readValue(json.encode(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    public static <T> T read(JsonArray json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json == null ? "[]" : json.encode(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored list is unreadable", e);
        }
    }
}
