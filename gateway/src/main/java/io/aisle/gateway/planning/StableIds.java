package io.aisle.gateway.planning;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.UUID;

/**
 * Ids that depend only on what they name: the same parts, in any order, give the same id. A replayed plan after a
 * crash therefore produces the ids it produced before, which makes the calls that carry them idempotent.
 */
public final class StableIds {

    private StableIds() {
    }

    /**
     * {@code prefix-} followed by a name-based UUID of the sorted, distinct parts. The result is at most 128 characters
     * of the id alphabet whenever the prefix is.
     */
    public static String of(String prefix, Collection<String> parts) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix is required");
        }
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("an id needs at least one part");
        }
        String key = String.join("\n", parts.stream().distinct().sorted().toList());
        return prefix + "-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
