package io.aisle.adapters.contract.pushonly;

import static io.aisle.adapters.contract.ChainAdapterContractTest.await;

import io.aisle.adapters.contract.PushOnlyChainContractTest.PushOnlyPartner;
import io.aisle.adapters.pushonly.SoftHolds;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.value.Gtin;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A push-only chain's holds are soft: the gateway keeps them in Redis. A partner under test of this
 * kind reads them there (not through the adapter): what a store has free is its shelf, as the chain
 * pushes it, less what its open soft holds set aside.
 */
abstract class SoftHoldingPartner implements PushOnlyPartner {

    /** The gateway's soft holds of this chain. */
    protected abstract SoftHolds softHolds();

    /** Units of a product on the store's shelf as the chain pushes it (none while it is out of stock). */
    protected abstract int shelf(StoreRef store, Gtin gtin);

    @Override
    public int stockOf(StoreRef store, Gtin gtin) {
        int held = open(store).stream().flatMap(hold -> hold.lines().stream())
                .filter(line -> line.gtin().equals(gtin)).mapToInt(HoldLine::quantity).sum();
        return shelf(store, gtin) - held;
    }

    @Override
    public Set<String> openHolds(StoreRef store) {
        return open(store).stream().map(Hold::holdId).collect(Collectors.toSet());
    }

    private List<Hold> open(StoreRef store) {
        return await(softHolds().openHolds(store.storeId()));
    }
}
