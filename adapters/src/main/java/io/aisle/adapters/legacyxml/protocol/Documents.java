package io.aisle.adapters.legacyxml.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;
import java.util.Set;

/**
 * The XML documents of the legacy chain's API, one record per element, checking themselves: a
 * document that breaks the rules below cannot be built, so a reply that breaks them is malformed and a
 * request that breaks them is refused with {@link ErrorCode#E100}. Quantities are in the chain's units
 * (each, or jin for loose produce), prices in fen per chain unit, times in the chain's local time
 * ({@link LegacyXml#TIME_PATTERN}). See the package documentation of {@code io.aisle.adapters.legacyxml}
 * for the calls.
 */
public final class Documents {

    /** Values of {@code unit}: each, or jin (500 g) for produce sold by weight. */
    public static final String EACH = "EA";
    public static final String JIN = "JIN";
    /** Values of {@code status} of a reservation. */
    public static final Set<String> RESERVATION_STATUSES = Set.of("HELD", "RELEASED", "EXPIRED");
    /** Values of {@code result} of a reservation cancel. */
    public static final Set<String> CANCEL_RESULTS = Set.of("CANCELLED", "NOT_FOUND", "CLOSED");

    private Documents() {
    }

    /** {@code <StockQuery branch=".."><Item code=".."/>...</StockQuery>}: at most 20 codes. */
    @JacksonXmlRootElement(localName = "StockQuery")
    public record StockQuery(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Item") List<ItemCode> items) {

        public StockQuery {
            requireText(branch, "branch");
            items = requireItems(items, "Item");
        }
    }

    /** {@code <Item code=".."/>} of a stock query. */
    public record ItemCode(@JacksonXmlProperty(isAttribute = true) String code) {

        public ItemCode {
            requireText(code, "code");
        }
    }

    /**
     * {@code <StockReply branch=".." time=".."><Item code=".." qty=".." priceFen=".." unit="EA|JIN"/>...</StockReply>}.
     * Codes the branch does not sell are left out. {@code qty} may be negative after overselling.
     */
    @JacksonXmlRootElement(localName = "StockReply")
    public record StockReply(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String time,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Item") List<StockLevel> items) {

        public StockReply {
            requireText(branch, "branch");
            LegacyXml.requireTime(time, "time");
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** {@code <Item code qty priceFen unit/>} of a stock reply: the level and the price of one chain unit. */
    public record StockLevel(
            @JacksonXmlProperty(isAttribute = true) String code,
            @JacksonXmlProperty(isAttribute = true) int qty,
            @JacksonXmlProperty(isAttribute = true) long priceFen,
            @JacksonXmlProperty(isAttribute = true) String unit) {

        public StockLevel {
            requireText(code, "code");
            if (priceFen < 0) {
                throw new IllegalArgumentException("priceFen of " + code + " must not be negative, got " + priceFen);
            }
            if (!EACH.equals(unit) && !JIN.equals(unit)) {
                throw new IllegalArgumentException("unit of " + code + " must be EA or JIN, got " + unit);
            }
        }
    }

    /**
     * {@code <Reserve branch reserveNo orderNo expires><Item code qty/>...</Reserve>}: sets stock aside until
     * {@code expires}. The reservation number is the caller's and makes the call idempotent.
     */
    @JacksonXmlRootElement(localName = "Reserve")
    public record Reserve(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String reserveNo,
            @JacksonXmlProperty(isAttribute = true) String orderNo,
            @JacksonXmlProperty(isAttribute = true) String expires,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Item") List<ItemQuantity> items) {

        public Reserve {
            requireText(branch, "branch");
            requireText(reserveNo, "reserveNo");
            requireText(orderNo, "orderNo");
            LegacyXml.requireTime(expires, "expires");
            items = requireItems(items, "Item");
        }
    }

    /** {@code <Item code qty/>}: a positive quantity of one code, in chain units. */
    public record ItemQuantity(
            @JacksonXmlProperty(isAttribute = true) String code,
            @JacksonXmlProperty(isAttribute = true) int qty) {

        public ItemQuantity {
            requireText(code, "code");
            requirePositive(qty, "qty of " + code);
        }
    }

    /**
     * {@code <ReserveReply branch reserveNo orderNo status="HELD|RELEASED|EXPIRED" expires duplicate="Y|N"><Item code qty/>...</ReserveReply>}:
     * the reservation as the branch keeps it; {@code duplicate="Y"} when the number was already taken.
     */
    @JacksonXmlRootElement(localName = "ReserveReply")
    public record ReserveReply(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String reserveNo,
            @JacksonXmlProperty(isAttribute = true) String orderNo,
            @JacksonXmlProperty(isAttribute = true) String status,
            @JacksonXmlProperty(isAttribute = true) String expires,
            @JacksonXmlProperty(isAttribute = true) String duplicate,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Item") List<ItemQuantity> items) {

        public ReserveReply {
            requireText(branch, "branch");
            requireText(reserveNo, "reserveNo");
            requireText(orderNo, "orderNo");
            requireOneOf(status, RESERVATION_STATUSES, "status");
            LegacyXml.requireTime(expires, "expires");
            requireFlag(duplicate, "duplicate");
            items = requireItems(items, "Item");
        }
    }

    /** {@code <ReserveCancel branch reserveNo/>}: gives a reservation's stock back. */
    @JacksonXmlRootElement(localName = "ReserveCancel")
    public record ReserveCancel(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String reserveNo) {

        public ReserveCancel {
            requireText(branch, "branch");
            requireText(reserveNo, "reserveNo");
        }
    }

    /** {@code <ReserveCancelReply branch reserveNo result="CANCELLED|NOT_FOUND|CLOSED"/>}: every result is a success. */
    @JacksonXmlRootElement(localName = "ReserveCancelReply")
    public record ReserveCancelReply(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String reserveNo,
            @JacksonXmlProperty(isAttribute = true) String result) {

        public ReserveCancelReply {
            requireText(branch, "branch");
            requireText(reserveNo, "reserveNo");
            requireOneOf(result, CANCEL_RESULTS, "result");
        }
    }

    /**
     * {@code <PickList branch listNo waveNo readyBy><Line code qty zone aisle><Order orderNo qty/>...</Line>...</PickList>}:
     * a wave to pick; the list number is the caller's and makes the call idempotent. {@code readyBy} is optional.
     */
    @JacksonXmlRootElement(localName = "PickList")
    public record PickList(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String listNo,
            @JacksonXmlProperty(isAttribute = true) String waveNo,
            @JacksonXmlProperty(isAttribute = true) String readyBy,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Line") List<PickLine> lines) {

        public PickList {
            requireText(branch, "branch");
            requireText(listNo, "listNo");
            requireText(waveNo, "waveNo");
            if (readyBy != null) {
                LegacyXml.requireTime(readyBy, "readyBy");
            }
            lines = requireItems(lines, "Line");
        }
    }

    /** {@code <Line code qty zone aisle>}: one code to pick, with the per-order split whose quantities add up to {@code qty}. */
    public record PickLine(
            @JacksonXmlProperty(isAttribute = true) String code,
            @JacksonXmlProperty(isAttribute = true) int qty,
            @JacksonXmlProperty(isAttribute = true) String zone,
            @JacksonXmlProperty(isAttribute = true) String aisle,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Order") List<PickOrder> orders) {

        public PickLine {
            requireText(code, "code");
            requirePositive(qty, "qty of " + code);
            orders = requireItems(orders, "Order");
            int sum = orders.stream().mapToInt(PickOrder::qty).sum();
            if (sum != qty) {
                throw new IllegalArgumentException("qty of " + code + " is " + qty + " but its orders add up to " + sum);
            }
        }
    }

    /** {@code <Order orderNo qty/>}: how much of a line goes into one order's bags. */
    public record PickOrder(
            @JacksonXmlProperty(isAttribute = true) String orderNo,
            @JacksonXmlProperty(isAttribute = true) int qty) {

        public PickOrder {
            requireText(orderNo, "orderNo");
            requirePositive(qty, "qty of order " + orderNo);
        }
    }

    /** {@code <PickListReply branch listNo duplicate="Y|N"/>}. */
    @JacksonXmlRootElement(localName = "PickListReply")
    public record PickListReply(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String listNo,
            @JacksonXmlProperty(isAttribute = true) String duplicate) {

        public PickListReply {
            requireText(branch, "branch");
            requireText(listNo, "listNo");
            requireFlag(duplicate, "duplicate");
        }
    }

    /** {@code <OrderCancel branch orderNo/>}: releases every reservation of the order and drops its picking. */
    @JacksonXmlRootElement(localName = "OrderCancel")
    public record OrderCancel(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String orderNo) {

        public OrderCancel {
            requireText(branch, "branch");
            requireText(orderNo, "orderNo");
        }
    }

    /** {@code <OrderCancelReply branch orderNo released="n"/>}: how many reservations it released. */
    @JacksonXmlRootElement(localName = "OrderCancelReply")
    public record OrderCancelReply(
            @JacksonXmlProperty(isAttribute = true) String branch,
            @JacksonXmlProperty(isAttribute = true) String orderNo,
            @JacksonXmlProperty(isAttribute = true) int released) {

        public OrderCancelReply {
            requireText(branch, "branch");
            requireText(orderNo, "orderNo");
            if (released < 0) {
                throw new IllegalArgumentException("released must not be negative, got " + released);
            }
        }
    }

    /** {@code <Error code="E102" msg=".." retry="n"/>}: the chain refused or failed; {@code retry} (seconds) comes with E200. */
    @JacksonXmlRootElement(localName = "Error")
    public record ErrorReply(
            @JacksonXmlProperty(isAttribute = true) String code,
            @JacksonXmlProperty(isAttribute = true) String msg,
            @JacksonXmlProperty(isAttribute = true) Integer retry) {

        public ErrorReply {
            requireText(code, "code");
            if (retry != null && retry < 0) {
                throw new IllegalArgumentException("retry must not be negative, got " + retry);
            }
        }

        public static ErrorReply of(ErrorCode code, String msg) {
            return new ErrorReply(code.wire(), msg, null);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("attribute " + name + " is required");
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireOneOf(String value, Set<String> allowed, String name) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + allowed + ", got " + value);
        }
    }

    private static void requireFlag(String value, String name) {
        if (!"Y".equals(value) && !"N".equals(value)) {
            throw new IllegalArgumentException(name + " must be Y or N, got " + value);
        }
    }

    private static <T> List<T> requireItems(List<T> items, String element) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("at least one " + element + " element is required");
        }
        if (items.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("an empty " + element + " element is not allowed");
        }
        return List.copyOf(items);
    }
}
