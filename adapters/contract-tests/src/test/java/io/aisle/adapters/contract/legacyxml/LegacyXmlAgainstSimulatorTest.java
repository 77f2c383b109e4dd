package io.aisle.adapters.contract.legacyxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.contract.ChainAdapterContractTest;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The legacy XML adapter against the simulated {@code jiuzhou-legacy} chain over real HTTP: the whole
 * contract suite, plus what needs the chain's quirks: a whole assortment (several 20-code calls) and
 * loose produce held in jin.
 */
class LegacyXmlAgainstSimulatorTest extends ChainAdapterContractTest<SimulatedLegacyPartner> {

    @Override
    protected SimulatedLegacyPartner startPartner(Vertx vertx) {
        return new SimulatedLegacyPartner(vertx, 40, CALL_TIMEOUT);
    }

    @Test
    void answersAWholeAssortmentAsTheStoreCountsIt() {
        List<Gtin> catalogue = fleetStore().assortment().stream().map(CatalogueItem::gtin).limit(StockQuery.MAX_GTINS).toList();

        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(catalogue)));

        assertTrue(catalogue.size() > 40, "enough products for several calls");
        assertEquals(catalogue, answer.items().stream().map(StockItem::gtin).toList());
        for (StockItem item : answer.items()) {
            assertEquals(partner().stockOf(store, item.gtin()), item.available(), item.gtin().value());
            assertEquals(fleetStore().price(item.gtin()).orElseThrow(), item.unitPrice(), item.gtin().value());
        }
    }

    @Test
    void holdsLooseProduceByTheKilogramThroughJin() {
        store = partner().storeSellingLooseProduce(MIN_STOCK);
        CatalogueItem loose = fleetStore().assortment().stream()
                .filter(item -> item.loose() && partner().stockOf(store, item.gtin()) >= MIN_STOCK).findFirst().orElseThrow();
        int before = partner().stockOf(store, loose.gtin());
        HoldRequest request = new HoldRequest(id("hold"), id("order"), List.of(new HoldLine(loose.gtin(), 3)), partner().now().plus(Duration.ofMinutes(5)));

        Hold hold = await(adapter().hold(store, request));

        assertEquals(request.lines(), hold.lines());
        assertEquals(before - 3, partner().stockOf(store, loose.gtin()));
        assertEquals(before - 3, availableThroughAdapter(loose.gtin()));
        await(adapter().release(store, request.holdId()));
    }

    private io.aisle.simulator.fleet.Store fleetStore() {
        return partner().fleetStore(store);
    }
}
