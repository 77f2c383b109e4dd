package io.aisle.simulator.pickers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.aisle.adapters.legacyxml.PartnerCode;
import io.aisle.adapters.legacyxml.protocol.Documents;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.legacyxml.LegacyChainCodes;
import io.aisle.simulator.legacyxml.LegacyXmlSimulator;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Picking at the branches of the legacy XML chain, spoken to in its own codes and units. */
class LegacyXmlStorePickingTest extends StorePickingTest {

    @Override
    String chainId() {
        return FleetSpec.JIUZHOU_LEGACY;
    }

    @Override
    String chainStoreId(Store store) {
        return branch(store);
    }

    @Override
    void takeHold(Store store, String holdId, String orderId, Map<Gtin, Integer> lines) {
        List<Documents.ItemQuantity> items = new ArrayList<>();
        lines.forEach((gtin, units) -> items.add(new Documents.ItemQuantity(code(gtin).code(), code(gtin).toPartnerQuantity(units))));
        Documents.ReserveReply reply = call("/api/reserve",
                new Documents.Reserve(branch(store), holdId, orderId, LegacyXml.time(Instant.now().plusSeconds(600)), items),
                Documents.ReserveReply.class);
        assertEquals("HELD", reply.status());
    }

    @Override
    void releaseHold(Store store, String holdId) {
        call("/api/reserve/cancel", new Documents.ReserveCancel(branch(store), holdId), Documents.ReserveCancelReply.class);
    }

    @Override
    boolean submitPickList(Store store, PickList pickList) {
        List<Documents.PickLine> lines = new ArrayList<>();
        for (PickLine line : pickList.lines()) {
            PartnerCode code = code(line.gtin());
            List<Documents.PickOrder> orders = new ArrayList<>();
            for (OrderSplit split : line.orders()) {
                orders.add(new Documents.PickOrder(split.orderId(), code.toPartnerQuantity(split.quantity())));
            }
            lines.add(new Documents.PickLine(code.code(), code.toPartnerQuantity(line.quantity()), line.zone(), line.aisle(), orders));
        }
        Documents.PickListReply reply = call("/api/picklist",
                new Documents.PickList(branch(store), pickList.pickListId(), pickList.waveId(), null, lines), Documents.PickListReply.class);
        return "N".equals(reply.duplicate());
    }

    private LegacyChainCodes codes() {
        return LegacyChainCodes.of(fleet, chainId());
    }

    private String branch(Store store) {
        return codes().branchOf(store);
    }

    private PartnerCode code(Gtin gtin) {
        return codes().code(gtin).orElseThrow();
    }

    private <T> T call(String path, Object document, Class<T> replyType) {
        HttpResponse<Buffer> response = await(client.postAbs(LegacyXmlSimulator.baseUrl(running) + path)
                .putHeader(LegacyXml.API_KEY_HEADER, fleet.chain(chainId()).orElseThrow().apiKey())
                .putHeader("Content-Type", LegacyXml.CONTENT_TYPE)
                .sendBuffer(Buffer.buffer(LegacyXml.write(document))));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        LegacyXml.Reply<T> reply = LegacyXml.readReply(response.body().getBytes(), replyType);
        assertNull(reply.error(), () -> "the chain refused: " + reply.error());
        return reply.document();
    }
}
