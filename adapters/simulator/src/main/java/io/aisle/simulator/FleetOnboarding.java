package io.aisle.simulator;

import io.aisle.contracts.api.OnboardedProduct;
import io.aisle.contracts.api.OnboardedStore;
import io.aisle.contracts.api.Onboarding;
import io.aisle.contracts.api.ProductCode;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.legacyxml.LegacyChainCodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated fleet as a gateway onboards it ({@code POST /v1/admin/onboarding}): its catalogue,
 * the legacy chain's product codes, and every store with the id its chain uses for it. Served at
 * {@code GET /sim/onboarding}, so a gateway in production mode can be given the fleet in one call.
 */
public final class FleetOnboarding {

    private FleetOnboarding() {
    }

    public static Onboarding of(Fleet fleet) {
        return of(fleet, false);
    }

    /**
     * As {@link #of(Fleet)}; with {@code openAllDay} every store is described as open around the clock
     * (no opening hours), as dev mode's {@code --open-all-day} registers them: load tests ask every
     * candidate whatever the hour in Wuhan. The simulated stores answer at any hour either way.
     */
    public static Onboarding of(Fleet fleet, boolean openAllDay) {
        List<OnboardedProduct> products = fleet.catalogue().items().stream().map(FleetOnboarding::product).toList();
        List<ProductCode> codes = LegacyChainCodes.productCodes(fleet).rows().stream()
                .map(m -> new ProductCode(m.chainId(), m.gtin(), m.partnerCode().code(), m.partnerCode().unitsPerUnit())).toList();
        Map<String, LegacyChainCodes> legacy = new HashMap<>();
        LegacyChainCodes.ofFleet(fleet).forEach(c -> legacy.put(c.chainId(), c));
        List<OnboardedStore> stores = fleet.stores().stream().map(s -> store(s, legacy.get(s.chainId()), openAllDay)).toList();
        return new Onboarding(products, codes, stores);
    }

    private static OnboardedProduct product(CatalogueItem item) {
        return new OnboardedProduct(item.gtin(), item.name(), item.brand(), item.category(), item.sizeClass(), item.unit(),
                item.weightGrams(), item.loose(), item.zone(), item.aisle());
    }

    private static OnboardedStore store(Store store, LegacyChainCodes codes, boolean openAllDay) {
        boolean allDay = openAllDay || store.hours().opens().equals(store.hours().closes());
        return new OnboardedStore(store.id(), store.chainId(), codes == null ? store.id() : codes.branchOf(store), store.name(),
                store.location(), allDay ? null : store.hours().opens(), allDay ? null : store.hours().closes());
    }
}
