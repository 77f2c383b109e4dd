package io.aisle.adapters.pushonly;

import io.aisle.adapters.stock.StockSnapshots;
import java.util.List;

/**
 * The Redis keys of one push-only store. Every key carries the store id as its hash tag
 * ({@code {storeId}}), like the store's stock snapshot, so one script may touch them all in a cluster.
 * <pre>
 * aisle:stock:{s}                          the snapshot (see StockSnapshots)
 * aisle:pushonly:{s}:holds                 hash holdId -> soft hold (JSON: orderId, expiresAt, createdAt, status, lines)
 * aisle:pushonly:{s}:holds:expiry          zset of held holds by expiresAt (epoch millis)
 * aisle:pushonly:{s}:holds:forget          zset of closed holds by when to forget them
 * aisle:pushonly:{s}:reserved              hash gtin -> units held by live soft holds
 * aisle:pushonly:{s}:picked-orders         hash orderId -> when the chain first pulled a pick list of the order
 * aisle:pushonly:{s}:pick-list:{id}        a submitted pick list (JSON), or WITHDRAWN
 * aisle:pushonly:{s}:pick-lists:open       zset of open pick list ids, by submission order
 * aisle:pushonly:{s}:pick-lists:pulled     hash pickListId -> when the chain first pulled it
 * aisle:pushonly:{s}:pick-lists:seq        submission counter
 * </pre>
 */
final class StoreKeys {

    private final String prefix;
    private final String storeId;

    StoreKeys(String storeId) {
        this.storeId = storeId;
        this.prefix = "aisle:pushonly:{" + storeId + "}:";
    }

    String snapshot() {
        return StockSnapshots.key(storeId);
    }

    /** The keys of the soft-hold scripts, in the order they expect them. */
    List<String> holdScriptKeys() {
        return List.of(snapshot(), prefix + "holds", prefix + "holds:expiry", prefix + "reserved", prefix + "holds:forget",
                pickedOrders());
    }

    String pickedOrders() {
        return prefix + "picked-orders";
    }

    String pickList(String pickListId) {
        return prefix + "pick-list:" + pickListId;
    }

    String openPickLists() {
        return prefix + "pick-lists:open";
    }

    String pulledPickLists() {
        return prefix + "pick-lists:pulled";
    }

    String pickListSequence() {
        return prefix + "pick-lists:seq";
    }
}
