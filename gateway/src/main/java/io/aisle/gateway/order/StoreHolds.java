package io.aisle.gateway.order;

import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.order.model.Hold;
import io.aisle.gateway.order.model.HoldAnswer;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Asks a store for a hold, through the store's breaker and its chain's limits, and says what the store answered:
 * held, refused, or unclear (it may hold the stock). Holds are idempotent by id at the store: asking again for a hold
 * it has changes nothing there.
 */
public final class StoreHolds {

    private final ChainAdapters adapters;
    private final Isolation isolation;

    public StoreHolds(ChainAdapters adapters, Isolation isolation) {
        this.adapters = adapters;
        this.isolation = isolation;
    }

    /** Whether the store holds the lines, refused them, or gave no clear answer ({@code store} null: not in the registry). */
    public Future<HoldAnswer> take(Store store, Hold hold) {
        if (store == null) {
            return Future.succeededFuture(HoldAnswer.refused("store " + hold.storeId() + " is not in the registry"));
        }
        return adapters.find(store.chainId()).compose(adapter -> adapter.isEmpty()
                ? Future.succeededFuture(HoldAnswer.refused("chain " + store.chainId() + " has no adapter"))
                : take(store, hold, adapter.get()));
    }

    private Future<HoldAnswer> take(Store store, Hold hold, ChainAdapter adapter) {
        Duration timeout = adapters.endpoint(store.chainId()).map(ChainEndpoint::callTimeout)
                .map(t -> t.multipliedBy(4)).orElse(Duration.ofSeconds(1));
        StoreRef ref = new StoreRef(store.storeId(), store.chainId(), store.partnerStoreId());
        HoldRequest request = new HoldRequest(hold.holdId(), hold.orderId(), hold.lines(), hold.expiresAt());
        return isolation.call(store.storeId(), store.chainId(), timeout, () -> adapter.hold(ref, request))
                .map(held -> HoldAnswer.taken())
                .recover(failure -> Future.succeededFuture(failure instanceof PartnerFailure pf
                        && (pf.kind() == PartnerFailure.Kind.REJECTED || pf.kind() == PartnerFailure.Kind.RATE_LIMITED)
                        ? HoldAnswer.refused(String.valueOf(failure.getMessage()))
                        // a timeout, a reset or garbage may come after the store took the hold; a call not made
                        // now may follow one a crashed instance made: released, so nothing stays held
                        : HoldAnswer.unclear(String.valueOf(failure.getMessage()))));
    }
}
