package io.aisle.gateway.picking;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.ShortagePolicy;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.planning.picklist.LegSettlement;
import io.aisle.gateway.planning.picklist.ShortLine;
import io.aisle.gateway.planning.picklist.ShortageMove;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.List;

/**
 * What settlement asks of re-sourcing, inside the transaction that settles a leg: whether the leg's short units are to
 * be re-sourced (the order asked for RESOURCE and the leg is not itself a re-sourced one), recorded then for the
 * {@link Resourcing} pass; and whether an order still waits for a re-sourcing, so it does not become READY before.
 */
final class Shortages {

    private final OrderStore orders;
    private final ResourcingStore resourcing;
    private final Clock clock;

    Shortages(OrderStore orders, ResourcingStore resourcing, Clock clock) {
        this.orders = orders;
        this.resourcing = resourcing;
        this.clock = clock;
    }

    /** Records the leg's short units to re-source when the order asked for it; true when recorded (the order waits for them). */
    Future<Boolean> recordIfResourced(SqlClient tx, List<LegLine> lines, LegSettlement settlement) {
        if (settlement.shortUnits() == 0) {
            return Future.succeededFuture(false);
        }
        String orderId = settlement.orderId();
        String storeId = settlement.storeId();
        return orders.shortages(tx, orderId).compose(policy -> policy.orElse(ShortagePolicy.REFUND) != ShortagePolicy.RESOURCE
                ? Future.succeededFuture(false)
                // units a re-sourced leg picks short are refunded: one re-sourcing per unit at most
                : resourcing.isResourcedTo(tx, orderId, storeId).compose(resourced -> {
                    if (resourced) {
                        return Future.succeededFuture(false);
                    }
                    List<ShortLine> shortLines = ShortageMove.shortLines(lines, settlement);
                    return resourcing.insert(tx, orderId, storeId, shortLines, clock.instant());
                }));
    }

    /** How many re-sourcings of the order are still open: while any is, the order is not complete. */
    Future<Long> open(SqlClient tx, String orderId) {
        return resourcing.openOf(tx, orderId);
    }
}
