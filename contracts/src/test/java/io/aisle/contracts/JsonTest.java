package io.aisle.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.QuoteRequest;
import io.aisle.contracts.api.SubstitutionMode;
import io.aisle.contracts.api.Transition;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.value.Money;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the shared mapper writes, and that bad input is refused with a message naming the field. */
class JsonTest {

    private static final String LINE = "{\"gtin\":\"6902047500113\",\"quantity\":2}";
    private static final String HOME = "{\"lat\":30.5872,\"lon\":114.2754}";

    static Stream<Arguments> badInput() {
        return Stream.of(
                bad("a quantity of 0", QuoteRequest.class, quote(LINE.replace("2}", "0}")), "quantity"),
                bad("a quantity written as a word", QuoteRequest.class, quote(LINE.replace("2}", "\"two\"}")), "quantity"),
                bad("a fractional quantity", QuoteRequest.class, quote(LINE.replace("2}", "1.5}")), "quantity"),
                bad("a quantity left out", QuoteRequest.class, quote("{\"gtin\":\"6902047500113\"}"), "quantity"),
                bad("no delivery address", QuoteRequest.class, "{\"lines\":[" + LINE + "]}", "deliveryAddress"),
                bad("a latitude out of range", QuoteRequest.class, "{\"deliveryAddress\":{\"lat\":95,\"lon\":114.3},\"lines\":[" + LINE + "]}", "lat"),
                bad("a wrong check digit", QuoteRequest.class, quote(LINE.replace("0113", "0114")), "gtin"),
                bad("an unknown substitution mode", QuoteRequest.class,
                        quote("{\"gtin\":\"6902047500113\",\"quantity\":1,\"substitution\":{\"mode\":\"SOMETIMES\"}}"), "mode"),
                bad("maxStores out of range", QuoteRequest.class, "{\"deliveryAddress\":" + HOME + ",\"lines\":[" + LINE + "],\"maxStores\":9}", "maxStores"),
                bad("an unknown priority", OrderRequest.class, order("\"priority\":\"VIP\""), "priority"),
                bad("a priority given by number", OrderRequest.class, order("\"priority\":1"), "priority"),
                bad("no customerRef", OrderRequest.class, "{\"deliveryAddress\":" + HOME + ",\"lines\":[" + LINE + "]}", "customerRef"),
                bad("a date that is not ISO-8601", HoldRequest.class,
                        "{\"holdId\":\"hld-1\",\"orderId\":\"ord-1\",\"lines\":[" + LINE + "],\"expiresAt\":\"tomorrow\"}", "expiresAt"),
                bad("a hold id with a space", HoldRequest.class,
                        "{\"holdId\":\"hld 1\",\"orderId\":\"ord-1\",\"lines\":[" + LINE + "],\"expiresAt\":\"2026-03-02T02:30:05Z\"}", "holdId"),
                bad("a lower-case currency", Money.class, "{\"amount\":3990,\"currency\":\"cny\"}", "currency"),
                bad("a negative amount", Money.class, "{\"amount\":-1,\"currency\":\"CNY\"}", "amount"),
                bad("a parcel of no bags", TripRequest.class,
                        "{\"tripId\":\"trip-1\",\"pickups\":[{\"pickupId\":\"pu-1\",\"storeId\":\"zb-0412\",\"location\":" + HOME
                                + ",\"readyAt\":\"2026-03-02T02:32:00Z\",\"parcels\":[{\"orderId\":\"ord-1\",\"bags\":0,\"weightGrams\":900}]}],"
                                + "\"dropoffs\":[{\"orderId\":\"ord-1\",\"location\":" + HOME + "}]}", "bags"),
                bad("a quantity written as a string", QuoteRequest.class, quote(LINE.replace("2}", "\"2\"}")), "quantity"),
                bad("a quantity written as a boolean", QuoteRequest.class, quote(LINE.replace("2}", "true}")), "quantity"),
                bad("a latitude written as a string", QuoteRequest.class,
                        "{\"deliveryAddress\":{\"lat\":\"30.5\",\"lon\":114.3},\"lines\":[" + LINE + "]}", "lat"),
                bad("a GTIN written as a number", QuoteRequest.class, quote("{\"gtin\":6902047500113,\"quantity\":2}"), "gtin"),
                bad("a customerRef written as a number", OrderRequest.class,
                        "{\"deliveryAddress\":" + HOME + ",\"lines\":[" + LINE + "],\"customerRef\":88412}", "customerRef"),
                bad("acceptPartial written as a string", OrderRequest.class, order("\"acceptPartial\":\"true\""), "acceptPartial"),
                bad("acceptPartial written as a number", OrderRequest.class, order("\"acceptPartial\":1"), "acceptPartial"),
                bad("a delivery address without lon", QuoteRequest.class, "{\"deliveryAddress\":{\"lat\":30.5},\"lines\":[" + LINE + "]}", "lon"),
                bad("a price without amount", Money.class, "{\"currency\":\"CNY\"}", "amount"),
                bad("a stock push without sequence", StockPush.class,
                        "{\"storeId\":\"fc-2207\",\"kind\":\"SNAPSHOT\",\"asOf\":\"2026-03-02T02:10:00Z\",\"items\":[]}", "sequence"),
                bad("an instant given as a number", PickResult.class, "{\"pickListId\":\"pl-1\",\"storeId\":\"zb-0412\",\"at\":2.5}", "at"),
                bad("a NUL character in text", OrderRequest.class,
                        "{\"deliveryAddress\":" + HOME + ",\"lines\":[" + LINE + "],\"customerRef\":\"hh-\\u0000\"}", "customerRef"),
                bad("a member given twice", OrderRequest.class, order("\"customerRef\":\"hh-2\""), "customerRef"),
                bad("a stock push without kind", StockPush.class,
                        "{\"storeId\":\"fc-2207\",\"sequence\":3,\"asOf\":\"2026-03-02T02:10:00Z\",\"items\":[]}", "kind"));
    }

    private static Arguments bad(String what, Class<?> type, String json, String field) {
        return Arguments.of(what, type, json, field);
    }

    private static String quote(String line) {
        return "{\"deliveryAddress\":" + HOME + ",\"lines\":[" + line + "]}";
    }

    private static String order(String extra) {
        return "{\"deliveryAddress\":" + HOME + ",\"lines\":[" + LINE + "],\"customerRef\":\"hh-88412\"," + extra + "}";
    }

    @ParameterizedTest(name = "refuses {0}, naming {3}")
    @MethodSource("badInput")
    void refusesBadInputNamingTheField(String what, Class<?> type, String json, String field) {
        var e = assertThrows(JsonProcessingException.class, () -> Json.mapper().readValue(json, type));
        assertTrue(e.getMessage().contains(field), () -> "the message does not name " + field + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "refuses a document followed by {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"xyz", "{}", "[]", "1", "\"x\"", "}"})
    void refusesTextAfterTheDocument(String trailing) {
        var e = assertThrows(JsonProcessingException.class, () -> Json.mapper().readValue(order("\"maxStores\":2") + trailing,
                OrderRequest.class));
        assertTrue(e.getMessage().toLowerCase().contains("trailing") || e.getMessage().contains("Unrecognized token")
                || e.getMessage().contains("Unexpected close marker"), e::getMessage);
    }

    @Test
    void readsAnOrderThatLeavesOutTheOptionalMembers() throws Exception {
        OrderRequest order = Json.mapper().readValue(order("\"maxStores\":2"), OrderRequest.class);
        assertFalse(order.acceptPartial());
        assertEquals(SubstitutionMode.NONE, order.lines().get(0).substitution().mode());
    }

    @Test
    void readsAPickResultThatLeavesOutReady() throws Exception {
        PickResult result = Json.mapper().readValue(
                "{\"pickListId\":\"pl-1\",\"storeId\":\"zb-0412\",\"at\":\"2026-03-02T02:31:12Z\"}", PickResult.class);
        assertFalse(result.ready());
    }

    @Test
    void ignoresMembersItDoesNotKnow() throws Exception {
        Money money = Json.mapper().readValue("{\"amount\":3990,\"currency\":\"CNY\",\"display\":\"¥39.90\"}", Money.class);
        assertEquals(Money.fen(3990), money);
    }

    @Test
    void writesInstantsAsUtcIsoStringsAndLeavesOutAbsentMembers() throws Exception {
        String json = Json.mapper().writeValueAsString(new Transition(OrderStatus.CONFIRMED, Instant.parse("2026-03-02T02:15:05Z"), null));
        assertEquals("{\"status\":\"CONFIRMED\",\"at\":\"2026-03-02T02:15:05Z\"}", json);
    }
}
