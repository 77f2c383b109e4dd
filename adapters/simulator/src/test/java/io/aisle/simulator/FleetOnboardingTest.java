package io.aisle.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.Json;
import io.aisle.contracts.api.OnboardedStore;
import io.aisle.contracts.api.Onboarding;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import org.junit.jupiter.api.Test;

class FleetOnboardingTest {

    @Test
    void describesEveryStoreAndProductWithTheLegacyChainsOwnIds() throws Exception {
        Fleet fleet = Fleet.build(FleetSpec.withStoresPerChain(4));

        Onboarding batch = FleetOnboarding.of(fleet);

        assertEquals(12, batch.stores().size());
        assertEquals(fleet.catalogue().size(), batch.products().size());
        assertEquals(fleet.catalogue().size(), batch.productCodes().size(), "the legacy chain has a code for every product");
        OnboardedStore legacy = batch.stores().stream().filter(s -> s.chainId().equals(FleetSpec.JIUZHOU_LEGACY)).findFirst().orElseThrow();
        assertTrue(legacy.partnerStoreId().startsWith("JZ"), "the legacy chain names its branches its own way: " + legacy.partnerStoreId());
        assertTrue(batch.productCodes().stream().anyMatch(c -> c.partnerUnitsPerUnit() == 2), "loose produce is counted in jin");
        Onboarding roundTrip = Json.mapper().readValue(Json.mapper().writeValueAsString(batch), Onboarding.class);
        assertEquals(batch, roundTrip, "the batch reads back as the gateway will read it");
    }
}
