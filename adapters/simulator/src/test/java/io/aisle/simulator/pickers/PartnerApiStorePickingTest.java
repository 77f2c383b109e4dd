package io.aisle.simulator.pickers;

import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.contracts.Json;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Picking at the stores of a chain that speaks the Aisle partner API. */
class PartnerApiStorePickingTest extends StorePickingTest {

    @Override
    String chainId() {
        return FleetSpec.AISLE_MART;
    }

    @Override
    String chainStoreId(Store store) {
        return store.id();
    }

    @Override
    void takeHold(Store store, String holdId, String orderId, Map<Gtin, Integer> lines) {
        List<HoldLine> holdLines = lines.entrySet().stream().map(line -> new HoldLine(line.getKey(), line.getValue())).toList();
        HoldRequest request = new HoldRequest(holdId, orderId, holdLines, Instant.now().plusSeconds(600));
        assertEquals(201, call(HttpMethod.PUT, store, "/holds/" + holdId, request).statusCode());
    }

    @Override
    void releaseHold(Store store, String holdId) {
        assertEquals(204, call(HttpMethod.DELETE, store, "/holds/" + holdId, null).statusCode());
    }

    @Override
    boolean submitPickList(Store store, PickList pickList) {
        HttpResponse<Buffer> answer = call(HttpMethod.PUT, store, "/pick-lists/" + pickList.pickListId(), pickList);
        assertEquals(202, answer.statusCode(), answer.bodyAsString());
        return answer.bodyAsJsonObject().getBoolean("new");
    }

    @Test
    void givesUpAResultTheGatewayRefusesWithoutTryingAgain() {
        Store store = fleet.storesOf(chainId()).get(1);
        Gtin gtin = stocked(store, 5, 1).get(0).gtin();
        gateway.answer(404, 1);
        PickList pickList = pickList(store, line(gtin, split("order-u", 1)));

        submitPickList(store, pickList);
        eventually("the result to be given up", () -> stats().getLong("pickResultsAbandoned") == 1);

        assertEquals(1, gateway.forcedAnswers(), "posted once");
        assertEquals(0, gateway.resultsFor(pickList.pickListId()));
        assertEquals(0, stats().getLong("pickResultsPosted"));
    }

    @Test
    void refusesAPickingShareOutsideZeroToOneAPushOnlyStoreAndAnUnknownStore() {
        Store store = fleet.storesOf(chainId()).get(0);
        Store pushOnly = fleet.storesOf(FleetSpec.PUSHFRESH).get(0);

        assertEquals(422, control("/sim/stores/" + store.id() + "/picking", new JsonObject().put("shortShare", 1.5)).statusCode());
        assertEquals(422, control("/sim/stores/" + store.id() + "/picking", new JsonObject().put("substitute", "yes")).statusCode());
        assertEquals(422, control("/sim/stores/" + pushOnly.id() + "/picking", new JsonObject().put("shortShare", 0.5)).statusCode());
        assertEquals(404, control("/sim/stores/nowhere-0001/picking", new JsonObject().put("shortShare", 0.5)).statusCode());
        JsonObject policy = await(client.getAbs(running.baseUrl() + "/sim/stores/" + store.id() + "/picking").send()).bodyAsJsonObject();
        assertEquals(new JsonObject().put("storeId", store.id()).put("shortShare", 0.0).put("substitute", false), policy);
    }

    private HttpResponse<Buffer> call(HttpMethod method, Store store, String path, Object body) {
        var request = client.requestAbs(method, running.partnerApiBaseUrl() + "/v1/stores/" + store.id() + path)
                .putHeader("Authorization", "Bearer " + store.chain().apiKey());
        try {
            return await(body == null
                    ? request.send()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(Json.mapper().writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
