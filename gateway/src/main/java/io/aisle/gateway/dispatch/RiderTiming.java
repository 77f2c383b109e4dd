package io.aisle.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What picking asks of rider handoff, and tells it, inside its own transactions: when the riders of the orders whose
 * legs a wave is being formed of are expected at the store (a wave closes early rather than keep a rider waiting), and
 * that an order's bags are all ready (the rider already requested for it is told, and an assigned trip moves it on), and
 * that an order being picked got another pickup.
 */
public interface RiderTiming {

    /** No rider is ever expected; ready orders are left to the dispatch of ready orders. */
    RiderTiming NONE = new RiderTiming() {
        @Override
        public Future<Map<String, Instant>> riderExpectedAt(SqlConnection tx, String storeId, List<String> orderIds) {
            return Future.succeededFuture(Map.of());
        }

        @Override
        public Future<Void> bagsReady(SqlConnection tx, String orderId, Instant at) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> legAdded(SqlConnection tx, String orderId, String why) {
            return Future.succeededFuture();
        }
    };

    /** When the rider of each of {@code orderIds} (legs waiting at {@code storeId}) is expected; orders without one are left out. */
    Future<Map<String, Instant>> riderExpectedAt(SqlConnection tx, String storeId, List<String> orderIds);

    /** The order, now READY in {@code tx}, has all its bags ready since {@code at}. */
    Future<Void> bagsReady(SqlConnection tx, String orderId, Instant at);

    /**
     * The order, still being picked, got a leg at another store in {@code tx} (units picked short, re-sourced there): a
     * trip requested ahead for it lacks that pickup and is withdrawn, so that its orders are dispatched again with it.
     */
    Future<Void> legAdded(SqlConnection tx, String orderId, String why);
}
