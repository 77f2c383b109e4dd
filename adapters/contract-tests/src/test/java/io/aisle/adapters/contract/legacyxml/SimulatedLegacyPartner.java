package io.aisle.adapters.contract.legacyxml;

import io.aisle.adapters.contract.PartnerUnderTest;
import io.aisle.adapters.contract.SimulatedPartner;
import io.aisle.adapters.legacyxml.LegacyXmlAdapter;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.legacyxml.LegacyChainCodes;
import io.aisle.simulator.legacyxml.LegacyXmlSimulator;
import io.aisle.testing.TestClock;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The simulated {@code jiuzhou-legacy} chain as a partner under test: the shared {@link SimulatedPartner}
 * fleet, with stores addressed by the chain's branch codes and the adapter looking up the product codes
 * the simulator generates (as dev mode seeds them into {@code product_mappings}).
 */
final class SimulatedLegacyPartner implements PartnerUnderTest {

    static final String CHAIN_ID = FleetSpec.JIUZHOU_LEGACY;

    private final SimulatedPartner fleet;
    private final LegacyChainCodes codes;

    SimulatedLegacyPartner(Vertx vertx, int storesPerChain, Duration callTimeout) {
        String apiKey = FleetSpec.defaultChains().stream().filter(c -> c.chainId().equals(CHAIN_ID)).findFirst().orElseThrow().apiKey();
        this.fleet = new SimulatedPartner(vertx, CHAIN_ID, storesPerChain, callTimeout, running -> LegacyXmlAdapter.create(vertx,
                new ChainEndpoint(CHAIN_ID, PartnerKind.LEGACY_XML, LegacyXmlSimulator.baseUrl(running), apiKey, null, 8, 32, callTimeout),
                LegacyChainCodes.productCodes(running.fleet())));
        this.codes = LegacyChainCodes.of(fleet.fleet(), CHAIN_ID);
        warmUp();
    }

    /** The shared warm-up does not know branch codes; this one goes the whole way through a spare branch. */
    private void warmUp() {
        List<Store> stores = fleet.fleet().storesOf(CHAIN_ID);
        Store spare = stores.get(stores.size() - 1);
        warmUp("warm-up-legacy-", refOf(spare), spare.assortment().get(0).gtin(), 1);
    }

    /** The simulated store behind a reference, for what only the fleet knows (assortment, prices). */
    Store fleetStore(StoreRef store) {
        return fleet.fleet().store(store.storeId()).orElseThrow();
    }

    /** A store of the chain selling loose produce with at least {@code units} free. */
    StoreRef storeSellingLooseProduce(int units) {
        for (Store store : fleet.fleet().storesOf(CHAIN_ID)) {
            if (store.assortment().stream().anyMatch(item -> item.loose() && store.available(item.gtin()).orElse(0) >= units)) {
                return refOf(store);
            }
        }
        throw new IllegalStateException("no store of " + CHAIN_ID + " sells loose produce with " + units + " units free");
    }

    private StoreRef refOf(Store store) {
        return new StoreRef(store.id(), CHAIN_ID, codes.branchOf(store));
    }

    @Override
    public ChainAdapter adapter() {
        return fleet.adapter();
    }

    @Override
    public StoreRef freshStore() {
        return refOf(fleet.fleet().store(fleet.freshStore().storeId()).orElseThrow());
    }

    @Override
    public StoreRef unknownStore() {
        return new StoreRef(CHAIN_ID + "-999999", CHAIN_ID, codes.prefix() + "999999");
    }

    @Override
    public Gtin productWithStock(StoreRef store, int units) {
        return fleet.productWithStock(store, units);
    }

    @Override
    public Gtin productNotSold(StoreRef store) {
        return fleet.productNotSold(store);
    }

    @Override
    public int stockOf(StoreRef store, Gtin gtin) {
        return fleet.stockOf(store, gtin);
    }

    @Override
    public Set<String> openHolds(StoreRef store) {
        return fleet.openHolds(store);
    }

    @Override
    public Set<String> pickListsReceived(StoreRef store) {
        return fleet.pickListsReceived(store);
    }

    @Override
    public TestClock clock() {
        return fleet.clock();
    }

    @Override
    public void injectFault(StoreRef store, FaultMode mode, long latencyMs) {
        fleet.injectFault(store, mode, latencyMs);
    }

    @Override
    public void clearFaults() {
        fleet.clearFaults();
    }

    @Override
    public Duration callTimeout() {
        return fleet.callTimeout();
    }

    @Override
    public void close() {
        fleet.close();
    }
}
