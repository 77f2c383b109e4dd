package io.aisle.adapters.contract.pushonly;

import static io.aisle.adapters.contract.ChainAdapterContractTest.await;

import io.aisle.adapters.pushonly.SoftHolds;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.value.Gtin;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A push-only chain's holds are soft: the gateway keeps them in Redis. A partner under test reads them
 * there (not through the adapter) to count what its stores have set aside.
 */
final class GatewaySoftHolds {

    private final SoftHolds softHolds;

    GatewaySoftHolds(SoftHolds softHolds) {
        this.softHolds = softHolds;
    }

    /** Units of a product the store's open holds set aside. */
    int unitsHeld(StoreRef store, Gtin gtin) {
        return open(store).stream().flatMap(hold -> hold.lines().stream())
                .filter(line -> line.gtin().equals(gtin)).mapToInt(HoldLine::quantity).sum();
    }

    /** Ids of the store's open holds. */
    Set<String> openHolds(StoreRef store) {
        return open(store).stream().map(Hold::holdId).collect(Collectors.toSet());
    }

    private List<Hold> open(StoreRef store) {
        return await(softHolds.openHolds(store.storeId()));
    }
}
