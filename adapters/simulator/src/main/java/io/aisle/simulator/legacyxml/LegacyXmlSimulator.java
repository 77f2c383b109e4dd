package io.aisle.simulator.legacyxml;

import io.aisle.adapters.legacyxml.PartnerCode;
import io.aisle.adapters.legacyxml.protocol.Documents;
import io.aisle.adapters.legacyxml.protocol.Documents.ErrorReply;
import io.aisle.adapters.legacyxml.protocol.Documents.ItemQuantity;
import io.aisle.adapters.legacyxml.protocol.Documents.StockLevel;
import io.aisle.adapters.legacyxml.protocol.ErrorCode;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.adapters.legacyxml.protocol.LegacyXml.InvalidDocument;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.RunningFleet;
import io.aisle.simulator.SimulatorModule;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.HoldResult;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.http.FaultGate;
import io.aisle.simulator.pickers.StorePicking;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores of every legacy XML chain of the fleet, served under {@code /legacy-xml} as the chain's
 * own API (see {@code io.aisle.adapters.legacyxml}): {@code X-JZ-ApiKey}, branch and item codes from
 * {@link LegacyChainCodes}, loose produce in jin, prices in fen per chain unit, at most 20 codes per
 * stock query, errors as {@code <Error code=".."/>}. Stock, holds, pick lists and counters are the
 * fleet's, shared with every other protocol and the {@code /sim} control API. Injected faults play in
 * the chain's style: ERROR is {@code E500} or a plain HTTP 500 page, RATELIMIT is {@code E200} with
 * {@code retry} or a proxy's 429 with {@code Retry-After}, GARBAGE is broken XML, an HTML page, or XML
 * of another shape, each in turn. A pick list the branch had not seen is handed to {@link StorePicking},
 * which picks it and reports the result to the gateway (the chain reports through the Aisle callback,
 * signed with its secret); without one, pick lists are kept and never picked.
 */
public final class LegacyXmlSimulator implements SimulatorModule {

    public static final String PREFIX = "/legacy-xml";

    private static final Logger LOG = LoggerFactory.getLogger(LegacyXmlSimulator.class);
    private static final String API = PREFIX + "/api";
    private static final int BODY_LIMIT_BYTES = 64 * 1024;
    private static final String CHAIN = "aisle.sim.legacy.chain";
    private static final String DOCUMENT = "aisle.sim.legacy.document";
    private static final String HTML = "text/html; charset=UTF-8";

    private final Fleet fleet;
    private final Map<String, LegacyChainCodes> chainsByApiKey;
    private final FaultGate faults;
    private final AtomicLong errorFaults = new AtomicLong();
    private final AtomicLong rateLimitFaults = new AtomicLong();
    /** Picks and reports the pick lists the stores accept; null when nothing is picked. */
    private final StorePicking picking;

    /** Branches that take pick lists and never pick them (nothing reports back). */
    public LegacyXmlSimulator(Fleet fleet) {
        this(fleet, Optional.empty());
    }

    /** Branches whose new pick lists are picked and reported by {@code picking}. */
    public LegacyXmlSimulator(Fleet fleet, StorePicking picking) {
        this(fleet, Optional.of(Objects.requireNonNull(picking, "picking")));
    }

    private LegacyXmlSimulator(Fleet fleet, Optional<StorePicking> picking) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.picking = picking.orElse(null);
        Map<String, LegacyChainCodes> byKey = new HashMap<>();
        for (LegacyChainCodes chain : LegacyChainCodes.ofFleet(fleet)) {
            byKey.put(fleet.chain(chain.chainId()).orElseThrow().apiKey(), chain);
        }
        this.chainsByApiKey = Map.copyOf(byKey);
        this.faults = new FaultGate(fleet, new LegacyAnswers());
    }

    /** The base URL of the legacy XML chains of a running fleet, as a ChainEndpoint's {@code baseUrl}. */
    public static String baseUrl(RunningFleet running) {
        return running.baseUrl() + PREFIX;
    }

    @Override
    public void mount(Router router) {
        router.route(API + "/*")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(this::authenticate);
        route(router, "/stock/query", Documents.StockQuery.class, Documents.StockQuery::branch, this::queryStock);
        route(router, "/reserve", Documents.Reserve.class, Documents.Reserve::branch, this::reserve);
        route(router, "/reserve/cancel", Documents.ReserveCancel.class, Documents.ReserveCancel::branch, this::cancelReservation);
        route(router, "/picklist", Documents.PickList.class, Documents.PickList::branch, this::takePickList);
        route(router, "/order/cancel", Documents.OrderCancel.class, Documents.OrderCancel::branch, this::cancelOrder);
        router.route(API + "/*").last().handler(ctx -> error(ctx, ErrorCode.E100, "no such function: " + ctx.request().path()));
    }

    /** A call: parse the document, find its branch (the store), play the store's fault, then answer. */
    private <T> void route(Router router, String path, Class<T> type, Function<T, String> branchOf, Handler<RoutingContext> answer) {
        router.post(API + path)
                .handler(ctx -> readDocument(ctx, type, branchOf))
                .handler(faults)
                .handler(answer)
                .failureHandler(this::fail);
    }

    private void authenticate(RoutingContext ctx) {
        String key = ctx.request().getHeader(LegacyXml.API_KEY_HEADER);
        LegacyChainCodes chain = key == null ? null : chainsByApiKey.get(key);
        if (chain == null) {
            error(ctx, ErrorCode.E110, "API key missing or not valid");
            return;
        }
        ctx.put(CHAIN, chain);
        ctx.next();
    }

    private <T> void readDocument(RoutingContext ctx, Class<T> type, Function<T, String> branchOf) {
        Buffer body = ctx.body().buffer();
        T document = LegacyXml.read(body == null ? new byte[0] : body.getBytes(), type);
        LegacyChainCodes chain = ctx.get(CHAIN);
        String branch = branchOf.apply(document);
        Optional<Store> store = chain.store(branch);
        if (store.isEmpty()) {
            error(ctx, ErrorCode.E103, "unknown branch " + branch);
            return;
        }
        store.get().countCall();
        ctx.put(FaultGate.STORE, store.get());
        ctx.put(DOCUMENT, document);
        ctx.next();
    }

    // --- the calls ---------------------------------------------------------------------------------

    private void queryStock(RoutingContext ctx) {
        Documents.StockQuery query = ctx.get(DOCUMENT);
        if (query.items().size() > LegacyXml.MAX_CODES_PER_QUERY) {
            error(ctx, ErrorCode.E100, "at most " + LegacyXml.MAX_CODES_PER_QUERY + " item codes per query, got " + query.items().size());
            return;
        }
        LegacyChainCodes chain = ctx.get(CHAIN);
        List<Gtin> gtins = new ArrayList<>(query.items().size());
        for (Documents.ItemCode item : query.items()) {
            chain.gtin(item.code()).ifPresent(gtins::add);
        }
        Store store = FaultGate.store(ctx);
        StockAnswer answer = store.queryStock(gtins, FaultGate.outOfStock(ctx));
        List<StockLevel> levels = new ArrayList<>(answer.items().size());
        for (StockItem item : answer.items()) {
            PartnerCode code = chain.code(item.gtin()).orElseThrow();
            levels.add(new StockLevel(code.code(), code.toPartnerQuantity(item.available()), code.toPartnerPrice(item.unitPrice().amount()),
                    code.unitsPerUnit() == 1 ? Documents.EACH : Documents.JIN));
        }
        reply(ctx, new Documents.StockReply(query.branch(), LegacyXml.time(answer.asOf()), levels));
    }

    private void reserve(RoutingContext ctx) {
        Documents.Reserve reserve = ctx.get(DOCUMENT);
        LegacyChainCodes chain = ctx.get(CHAIN);
        List<HoldLine> lines = new ArrayList<>(reserve.items().size());
        for (ItemQuantity item : reserve.items()) {
            Optional<Gtin> gtin = chain.gtin(item.code());
            if (gtin.isEmpty()) {
                error(ctx, ErrorCode.E101, "unknown item code " + item.code());
                return;
            }
            PartnerCode code = chain.code(gtin.get()).orElseThrow();
            if (!code.isWholeUnits(item.qty())) {
                error(ctx, ErrorCode.E100, item.code() + " is reserved by the kg: qty must be a multiple of " + code.unitsPerUnit() + " jin");
                return;
            }
            lines.add(new HoldLine(gtin.get(), item.qty() / code.unitsPerUnit()));
        }
        HoldRequest request;
        try {
            request = new HoldRequest(reserve.reserveNo(), reserve.orderNo(), lines, LegacyXml.instant(reserve.expires()));
        } catch (IllegalArgumentException e) {
            error(ctx, ErrorCode.E100, e.getMessage());
            return;
        }
        Store store = FaultGate.store(ctx);
        HoldResult result = store.hold(request, FaultGate.outOfStock(ctx));
        switch (result.outcome()) {
            case CREATED -> reply(ctx, reserveReply(reserve.branch(), chain, result.hold(), false));
            case REPLAYED -> reply(ctx, reserveReply(reserve.branch(), chain, result.hold(), true));
            case OUT_OF_STOCK -> error(ctx, ErrorCode.E102, result.detail());
            case INVALID -> error(ctx, store.findHold(request.holdId()).isPresent() ? ErrorCode.E104 : ErrorCode.E100, result.detail());
            default -> throw new IllegalStateException("unhandled outcome " + result.outcome());
        }
    }

    private static Documents.ReserveReply reserveReply(String branch, LegacyChainCodes chain, Hold hold, boolean duplicate) {
        List<ItemQuantity> items = new ArrayList<>(hold.lines().size());
        for (HoldLine line : hold.lines()) {
            PartnerCode code = chain.code(line.gtin()).orElseThrow();
            items.add(new ItemQuantity(code.code(), code.toPartnerQuantity(line.quantity())));
        }
        return new Documents.ReserveReply(branch, hold.holdId(), hold.orderId(), hold.status().name(), LegacyXml.time(hold.expiresAt()),
                duplicate ? "Y" : "N", items);
    }

    private void cancelReservation(RoutingContext ctx) {
        Documents.ReserveCancel cancel = ctx.get(DOCUMENT);
        Store store = FaultGate.store(ctx);
        boolean known = store.findHold(cancel.reserveNo()).isPresent();
        String result = store.release(cancel.reserveNo()) ? "CANCELLED" : known ? "CLOSED" : "NOT_FOUND";
        reply(ctx, new Documents.ReserveCancelReply(cancel.branch(), cancel.reserveNo(), result));
    }

    private void takePickList(RoutingContext ctx) {
        Documents.PickList document = ctx.get(DOCUMENT);
        LegacyChainCodes chain = ctx.get(CHAIN);
        List<PickLine> lines = new ArrayList<>(document.lines().size());
        for (Documents.PickLine line : document.lines()) {
            Optional<Gtin> gtin = chain.gtin(line.code());
            if (gtin.isEmpty()) {
                error(ctx, ErrorCode.E101, "unknown item code " + line.code());
                return;
            }
            PartnerCode code = chain.code(gtin.get()).orElseThrow();
            List<OrderSplit> orders = new ArrayList<>(line.orders().size());
            for (Documents.PickOrder order : line.orders()) {
                if (!code.isWholeUnits(order.qty())) {
                    error(ctx, ErrorCode.E100, line.code() + " is picked by the kg: qty must be a multiple of " + code.unitsPerUnit() + " jin");
                    return;
                }
                orders.add(new OrderSplit(order.orderNo(), order.qty() / code.unitsPerUnit()));
            }
            lines.add(new PickLine(gtin.get(), line.qty() / code.unitsPerUnit(), line.zone(), line.aisle(), orders));
        }
        Store store = FaultGate.store(ctx);
        PickList pickList;
        try {
            Instant readyBy = document.readyBy() == null ? null : LegacyXml.instant(document.readyBy());
            pickList = new PickList(document.listNo(), store.id(), document.waveNo(), readyBy, lines);
        } catch (IllegalArgumentException e) {
            error(ctx, ErrorCode.E100, e.getMessage());
            return;
        }
        boolean isNew = store.acceptPickList(pickList);
        if (isNew && picking != null) {
            picking.pickListAccepted(store, document.branch(), pickList);
        }
        if (!isNew) {
            fleet.counters().pickListReplayed();
        }
        reply(ctx, new Documents.PickListReply(document.branch(), document.listNo(), isNew ? "N" : "Y"));
    }

    private void cancelOrder(RoutingContext ctx) {
        Documents.OrderCancel cancel = ctx.get(DOCUMENT);
        List<Hold> released = FaultGate.store(ctx).cancelOrder(cancel.orderNo());
        reply(ctx, new Documents.OrderCancelReply(cancel.branch(), cancel.orderNo(), released.size()));
    }

    // --- answers -----------------------------------------------------------------------------------

    /** A document that cannot be read is E100; anything else that went wrong is the chain's crash page. */
    private void fail(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.statusCode() == 413) {
            error(ctx, ErrorCode.E100, "document larger than " + BODY_LIMIT_BYTES + " bytes");
        } else if (failure instanceof InvalidDocument || failure instanceof IllegalArgumentException) {
            error(ctx, ErrorCode.E100, failure.getMessage());
        } else {
            LOG.warn("legacy XML simulator failed on {}", ctx.request().path(), failure);
            crashPage(ctx, 500, "Internal Server Error");
        }
    }

    private static void reply(RoutingContext ctx, Object document) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, LegacyXml.CONTENT_TYPE).end(Buffer.buffer(LegacyXml.write(document)));
    }

    private static void error(RoutingContext ctx, ErrorCode code, String msg) {
        reply(ctx, ErrorReply.of(code, msg));
    }

    private static void crashPage(RoutingContext ctx, int status, String title) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                .end("<html><head><title>" + status + " " + title + "</title></head><body><h1>" + title + "</h1><hr>JZ-Link/2.3</body></html>");
    }

    /** Injected faults as the chain shows them, alternating between its application's and its web server's way. */
    private final class LegacyAnswers implements FaultGate.Answers {

        @Override
        public void unavailable(RoutingContext ctx) {
            if (errorFaults.getAndIncrement() % 2 == 0) {
                error(ctx, ErrorCode.E500, "system error, please contact IT (simulated fault)");
            } else {
                crashPage(ctx, 500, "Internal Server Error");
            }
        }

        @Override
        public void rateLimited(RoutingContext ctx, int retryAfterSeconds) {
            if (rateLimitFaults.getAndIncrement() % 2 == 0) {
                reply(ctx, new ErrorReply(ErrorCode.E200.wire(), "system busy, retry later (simulated fault)", retryAfterSeconds));
            } else {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
                crashPage(ctx, 429, "Too Many Requests");
            }
        }

        @Override
        public void garbage(RoutingContext ctx, long variant) {
            String body = switch ((int) (variant % 3)) {
                case 0 -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><StockReply branch=\"JZ0001\" time=\"2020-01-23 10:";
                case 1 -> "<html><body><h1>JZ-Link</h1><p>Session expired, please log in again.</p></body></html>";
                default -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Result>OK</Result><Rows>3</Rows></Response>";
            };
            ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, LegacyXml.CONTENT_TYPE).end(body);
        }
    }
}
