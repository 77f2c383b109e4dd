package io.aisle.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.HoldResult;
import io.aisle.simulator.fleet.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetTest {

    @Test
    void defaultFleetHasSevenThousandStoresOfThreeChainsOverWuhan() {
        Fleet fleet = Fleet.build(FleetSpec.defaults());

        assertEquals(7_000, fleet.size());
        Map<PartnerKind, Long> byKind = fleet.stores().stream()
                .collect(Collectors.groupingBy(s -> s.chain().kind(), Collectors.counting()));
        assertEquals(3, byKind.size());
        byKind.values().forEach(count -> assertTrue(count >= 2_333));
        for (Store store : fleet.stores()) {
            assertTrue(store.location().distanceMetres(FleetSpec.WUHAN) <= 25_050, store + " at " + store.location());
        }
        assertTrue(fleet.store("aisle-mart-0001").isPresent());
        assertTrue(fleet.store("jiuzhou-legacy-2333").isPresent());
        assertTrue(fleet.store("pushfresh-0001").isPresent());
    }

    @Test
    void storesCarryARealisticSubsetAtPricesNearTheBase() {
        Fleet fleet = Fleet.build(FleetSpec.withStoresPerChain(20));
        int catalogueSize = fleet.catalogue().size();
        for (Store store : fleet.stores()) {
            List<CatalogueItem> assortment = store.assortment();
            assertTrue(assortment.size() > catalogueSize / 2 && assortment.size() < catalogueSize,
                    store + " carries " + assortment.size());
            for (CatalogueItem item : assortment) {
                long price = store.price(item.gtin()).orElseThrow().amount();
                assertTrue(price >= item.basePriceFen() * 0.85 && price <= item.basePriceFen() * 1.2,
                        item.name() + " costs " + price + " at " + store);
            }
        }
    }

    @Test
    void sameSeedBuildsTheSameFleetAndAnotherSeedAnotherOne() {
        Fleet a = Fleet.build(FleetSpec.withStoresPerChain(10));
        Fleet b = Fleet.build(FleetSpec.withStoresPerChain(10));
        Fleet c = Fleet.build(FleetSpec.withStoresPerChain(10).withSeed(7));
        Gtin gtin = a.catalogue().item(0).gtin();
        for (int i = 0; i < a.size(); i++) {
            Store sa = a.stores().get(i);
            Store sb = b.stores().get(i);
            assertEquals(sa.id(), sb.id());
            assertEquals(sa.location(), sb.location());
            assertEquals(sa.assortment(), sb.assortment());
            assertEquals(sa.available(gtin), sb.available(gtin));
        }
        assertFalse(a.stores().get(0).location().equals(c.stores().get(0).location()));
    }

    @Test
    void holdTakesStockUntilItExpiresByTheStoreClock() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2020-01-23T02:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Fleet fleet = Fleet.build(FleetSpec.withStoresPerChain(2), Catalogue.standard(), clock);
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        CatalogueItem item = store.assortment().get(0);
        store.setAvailable(item.gtin(), 10);

        HoldResult result = store.hold(new HoldRequest("h-1", "o-1", List.of(new HoldLine(item.gtin(), 4)),
                now.get().plus(Duration.ofMinutes(5))), false);

        assertEquals(HoldResult.Outcome.CREATED, result.outcome());
        assertEquals(6, store.available(item.gtin()).orElseThrow());
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertEquals(10, store.available(item.gtin()).orElseThrow());
        assertTrue(store.openHolds().isEmpty());
        assertEquals(HoldStatus.EXPIRED, store.findHold("h-1").orElseThrow().status());
    }

    @Test
    void aStoresOwnFaultWinsOverItsChainsAndNoneFallsBackToTheChain() {
        Fleet fleet = Fleet.build(FleetSpec.withStoresPerChain(2));
        Store store = fleet.storesOf(FleetSpec.AISLE_MART).get(0);
        fleet.setChainFault(FleetSpec.AISLE_MART, Fault.of(FaultMode.ERROR, 0));
        fleet.setStoreFault(store, Fault.of(FaultMode.SLOW, 200));

        assertEquals(FaultMode.SLOW, fleet.faultOf(store).mode());
        assertEquals(FaultMode.ERROR, fleet.faultOf(fleet.storesOf(FleetSpec.AISLE_MART).get(1)).mode());
        fleet.setStoreFault(store, Fault.NONE);
        assertEquals(FaultMode.ERROR, fleet.faultOf(store).mode());
        fleet.clearFaults();
        assertEquals(FaultMode.NONE, fleet.faultOf(store).mode());
    }

    @Test
    void chainSpecsChooseStoreCountsAndCentre() {
        FleetSpec spec = new FleetSpec(1, List.of(FleetSpec.defaultChains().get(0).withStores(5)),
                new GeoPoint(31.2304, 121.4737), 5, 0.5, FleetSpec.defaults().timings());
        Fleet fleet = Fleet.build(spec);
        assertEquals(5, fleet.size());
        fleet.stores().forEach(s -> assertTrue(s.location().distanceMetres(new GeoPoint(31.2304, 121.4737)) <= 5_050));
        assertEquals(List.of("aisle-mart"), List.copyOf(fleet.chains().keySet()));
        assertEquals(ChainSpec.class, fleet.chain("aisle-mart").orElseThrow().getClass());
    }
}
