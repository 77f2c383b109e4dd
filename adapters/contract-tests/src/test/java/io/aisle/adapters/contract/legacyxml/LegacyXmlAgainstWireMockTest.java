package io.aisle.adapters.contract.legacyxml;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.aisle.adapters.contract.legacyxml.WireMockLegacyPartner.API_KEY;
import static io.aisle.adapters.contract.legacyxml.WireMockLegacyPartner.BASE_PATH;
import static io.aisle.adapters.contract.legacyxml.WireMockLegacyPartner.NOT_SOLD;
import static io.aisle.adapters.contract.legacyxml.WireMockLegacyPartner.NOT_SOLD_CODE;
import static io.aisle.adapters.contract.legacyxml.WireMockLegacyPartner.SOLD;
import static io.aisle.adapters.contract.legacyxml.WireMockLegacyPartner.SOLD_CODE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.adapters.contract.ChainAdapterContractTest;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Money;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The legacy XML adapter against WireMock: the whole contract suite, plus the documents the adapter
 * puts on the wire for the suite's calls, in the chain's codes and jin.
 */
class LegacyXmlAgainstWireMockTest extends ChainAdapterContractTest<WireMockLegacyPartner> {

    @Override
    protected WireMockLegacyPartner startPartner(Vertx vertx) {
        return new WireMockLegacyPartner(vertx, CALL_TIMEOUT);
    }

    @Test
    void speaksTheChainsDocumentsInItsCodesAndJinWithItsKey() {
        HoldRequest hold = holdRequest(SOLD, HOLD_UNITS);

        StockAnswer answer = await(adapter().queryStock(store, new StockQuery(List.of(SOLD, NOT_SOLD))));
        await(adapter().hold(store, hold));
        await(adapter().release(store, hold.holdId()));
        await(adapter().cancel(store, hold.orderId()));

        assertEquals(List.of(new StockItem(SOLD, WireMockLegacyPartner.STOCK_UNITS, Money.fen(2 * WireMockLegacyPartner.PRICE_PER_JIN_FEN))), answer.items());
        String branch = store.partnerStoreId();
        partner().server().verify(postRequestedFor(urlPathEqualTo(BASE_PATH + "/api/stock/query"))
                .withHeader(LegacyXml.API_KEY_HEADER, equalTo(API_KEY))
                .withRequestBody(equalToXml("<StockQuery branch=\"" + branch + "\"><Item code=\"" + SOLD_CODE + "\"/><Item code=\"" + NOT_SOLD_CODE + "\"/></StockQuery>")));
        partner().server().verify(postRequestedFor(urlPathEqualTo(BASE_PATH + "/api/reserve"))
                .withRequestBody(equalToXml("<Reserve branch=\"" + branch + "\" reserveNo=\"" + hold.holdId() + "\" orderNo=\"" + hold.orderId()
                        + "\" expires=\"" + LegacyXml.time(hold.expiresAt()) + "\"><Item code=\"" + SOLD_CODE + "\" qty=\"" + 2 * HOLD_UNITS + "\"/></Reserve>")));
        partner().server().verify(postRequestedFor(urlPathEqualTo(BASE_PATH + "/api/reserve/cancel"))
                .withRequestBody(equalToXml("<ReserveCancel branch=\"" + branch + "\" reserveNo=\"" + hold.holdId() + "\"/>")));
        partner().server().verify(postRequestedFor(urlPathEqualTo(BASE_PATH + "/api/order/cancel"))
                .withRequestBody(equalToXml("<OrderCancel branch=\"" + branch + "\" orderNo=\"" + hold.orderId() + "\"/>")));
    }
}
