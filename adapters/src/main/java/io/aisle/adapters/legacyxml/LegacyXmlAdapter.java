package io.aisle.adapters.legacyxml;

import io.aisle.adapters.http.ChainHttpClient;
import io.aisle.adapters.http.PartnerFailures;
import io.aisle.adapters.legacyxml.protocol.Documents;
import io.aisle.adapters.legacyxml.protocol.Documents.ErrorReply;
import io.aisle.adapters.legacyxml.protocol.Documents.ItemCode;
import io.aisle.adapters.legacyxml.protocol.Documents.ItemQuantity;
import io.aisle.adapters.legacyxml.protocol.Documents.StockLevel;
import io.aisle.adapters.legacyxml.protocol.ErrorCode;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.adapters.legacyxml.protocol.LegacyXml.InvalidDocument;
import io.aisle.adapters.legacyxml.protocol.LegacyXml.Reply;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.PartnerFailure.Kind;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockQuery;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of chains with the legacy XML-over-HTTP API (see the package documentation for the
 * wire format). It speaks the chain's product codes, looked up in a {@link ProductCodeMapping}, and
 * converts quantities and prices between the chain's units (jin for loose produce) and ours with the
 * mapping's ratio. A stock query of more than {@value LegacyXml#MAX_CODES_PER_QUERY} codes goes out as
 * several calls in parallel whose answers are merged; one failed call fails the query with its failure.
 * Products without a code are absent from stock answers and make holds and pick lists REJECTED before
 * any call. Every call goes through the chain's shared {@link ChainHttpClient} (call timeout, bounded
 * pool) with the key in {@code X-JZ-ApiKey}, and fails only with a {@link PartnerFailure}: the chain's
 * error codes as {@link ErrorCode} says, HTTP and transport failures as {@link PartnerFailures} says, an
 * answer that is not the expected document (or is for another branch, reservation or order) MALFORMED.
 */
public final class LegacyXmlAdapter implements ChainAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyXmlAdapter.class);

    static final String STOCK_QUERY = "/api/stock/query";
    static final String RESERVE = "/api/reserve";
    static final String RESERVE_CANCEL = "/api/reserve/cancel";
    static final String PICK_LIST = "/api/picklist";
    static final String ORDER_CANCEL = "/api/order/cancel";

    private final ChainHttpClient http;
    private final ProductCodeMapping mapping;
    private final Clock clock;
    private final boolean ownsClient;

    /** An adapter over a chain client shared with others; {@link #close()} leaves it open. */
    public LegacyXmlAdapter(ChainHttpClient http, ProductCodeMapping mapping, Clock clock) {
        this(http, mapping, clock, false);
    }

    private LegacyXmlAdapter(ChainHttpClient http, ProductCodeMapping mapping, Clock clock, boolean ownsClient) {
        this.http = Objects.requireNonNull(http, "http");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (http.endpoint().kind() != PartnerKind.LEGACY_XML) {
            throw new IllegalArgumentException("chain " + http.chainId() + " speaks " + http.endpoint().kind() + ", not the legacy XML API");
        }
        this.ownsClient = ownsClient;
    }

    /** An adapter with its own pool for the endpoint, on the system clock; {@link #close()} closes the pool. */
    public static LegacyXmlAdapter create(Vertx vertx, ChainEndpoint endpoint, ProductCodeMapping mapping) {
        return new LegacyXmlAdapter(ChainHttpClient.create(vertx, endpoint), mapping, Clock.systemUTC(), true);
    }

    @Override
    public String chainId() {
        return http.chainId();
    }

    @Override
    public PartnerKind kind() {
        return PartnerKind.LEGACY_XML;
    }

    // --- stock -------------------------------------------------------------------------------------

    @Override
    public Future<StockAnswer> queryStock(StoreRef store, StockQuery query) {
        return codes(store, query.gtins()).compose(codes -> {
            if (codes.isEmpty()) {
                return Future.succeededFuture(new StockAnswer(store.storeId(), clock.instant(), List.of()));
            }
            List<Future<StockBatch>> batches = new ArrayList<>();
            for (Map<Gtin, PartnerCode> batch : batches(codes)) {
                batches.add(queryBatch(store, batch));
            }
            return Future.all(batches).map(all -> merge(store, codes, all.list()));
        });
    }

    private Future<StockBatch> queryBatch(StoreRef store, Map<Gtin, PartnerCode> batch) {
        return call(store, STOCK_QUERY, Documents.StockReply.class, () -> new Documents.StockQuery(store.partnerStoreId(),
                        batch.values().stream().map(code -> new ItemCode(code.code())).toList()))
                .map(reply -> {
                    requireSame(store, "branch", store.partnerStoreId(), reply.branch());
                    Map<String, Gtin> asked = byCode(batch);
                    Map<Gtin, StockItem> items = new HashMap<>();
                    for (StockLevel level : reply.items()) {
                        Gtin gtin = asked.get(level.code());
                        if (gtin == null) {
                            LOG.debug("{} answered for code {} it was not asked about; left out", store.storeId(), level.code());
                            continue;
                        }
                        if (level.priceFen() == 0) {
                            LOG.debug("{} has no price for {}; left out", store.storeId(), level.code());
                            continue;
                        }
                        PartnerCode code = batch.get(gtin);
                        StockItem item = new StockItem(gtin, code.toUnits(level.qty()), Money.fen(code.toUnitPrice(level.priceFen())));
                        if (items.put(gtin, item) != null) {
                            throw PartnerFailures.failure(Kind.MALFORMED, store, "code " + level.code() + " is answered twice", null);
                        }
                    }
                    return new StockBatch(LegacyXml.instant(reply.time()), items);
                });
    }

    /** One answer of several: the oldest time is the answer's, items keep the order of the query. */
    private static StockAnswer merge(StoreRef store, Map<Gtin, PartnerCode> codes, List<StockBatch> batches) {
        Instant asOf = null;
        Map<Gtin, StockItem> found = new HashMap<>();
        for (StockBatch batch : batches) {
            asOf = asOf == null || batch.time().isBefore(asOf) ? batch.time() : asOf;
            found.putAll(batch.items());
        }
        List<StockItem> items = new ArrayList<>(found.size());
        for (Gtin gtin : codes.keySet()) {
            StockItem item = found.get(gtin);
            if (item != null) {
                items.add(item);
            }
        }
        return new StockAnswer(store.storeId(), asOf, items);
    }

    private static List<Map<Gtin, PartnerCode>> batches(Map<Gtin, PartnerCode> codes) {
        List<Map<Gtin, PartnerCode>> batches = new ArrayList<>();
        Map<Gtin, PartnerCode> current = new LinkedHashMap<>();
        for (Map.Entry<Gtin, PartnerCode> entry : codes.entrySet()) {
            current.put(entry.getKey(), entry.getValue());
            if (current.size() == LegacyXml.MAX_CODES_PER_QUERY) {
                batches.add(current);
                current = new LinkedHashMap<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private record StockBatch(Instant time, Map<Gtin, StockItem> items) {
    }

    // --- holds -------------------------------------------------------------------------------------

    @Override
    public Future<Hold> hold(StoreRef store, HoldRequest request) {
        List<Gtin> gtins = request.lines().stream().map(HoldLine::gtin).toList();
        return codesOfEvery(store, gtins).compose(codes -> call(store, RESERVE, Documents.ReserveReply.class,
                        () -> new Documents.Reserve(store.partnerStoreId(), request.holdId(), request.orderId(), LegacyXml.time(request.expiresAt()),
                                request.lines().stream()
                                        .map(line -> new ItemQuantity(codes.get(line.gtin()).code(), codes.get(line.gtin()).toPartnerQuantity(line.quantity())))
                                        .toList()))
                .map(reply -> toHold(store, request, codes, reply)));
    }

    private static Hold toHold(StoreRef store, HoldRequest request, Map<Gtin, PartnerCode> codes, Documents.ReserveReply reply) {
        requireSame(store, "branch", store.partnerStoreId(), reply.branch());
        requireSame(store, "reservation", request.holdId(), reply.reserveNo());
        requireSame(store, "order", request.orderId(), reply.orderNo());
        Map<String, Gtin> asked = byCode(codes);
        List<HoldLine> lines = new ArrayList<>(reply.items().size());
        for (ItemQuantity item : reply.items()) {
            Gtin gtin = asked.get(item.code());
            if (gtin == null) {
                throw PartnerFailures.failure(Kind.MALFORMED, store, "reservation " + reply.reserveNo() + " holds code " + item.code()
                        + ", which was not asked for", null);
            }
            PartnerCode code = codes.get(gtin);
            if (!code.isWholeUnits(item.qty())) {
                throw PartnerFailures.failure(Kind.MALFORMED, store, "reservation " + reply.reserveNo() + " holds " + item.qty()
                        + " of " + item.code() + ", not a whole number of units of " + code.unitsPerUnit(), null);
            }
            lines.add(new HoldLine(gtin, item.qty() / code.unitsPerUnit()));
        }
        return new Hold(request.holdId(), store.storeId(), request.orderId(), HoldStatus.valueOf(reply.status()), lines,
                LegacyXml.instant(reply.expires()));
    }

    @Override
    public Future<Void> release(StoreRef store, String holdId) {
        return call(store, RESERVE_CANCEL, Documents.ReserveCancelReply.class, () -> new Documents.ReserveCancel(store.partnerStoreId(), holdId))
                .map(reply -> {
                    requireSame(store, "branch", store.partnerStoreId(), reply.branch());
                    requireSame(store, "reservation", holdId, reply.reserveNo());
                    return null;
                });
    }

    // --- pick lists and cancellation ---------------------------------------------------------------

    @Override
    public Future<Void> submitPickList(StoreRef store, PickList pickList) {
        List<Gtin> gtins = pickList.lines().stream().map(PickLine::gtin).toList();
        return codesOfEvery(store, gtins).compose(codes -> call(store, PICK_LIST, Documents.PickListReply.class,
                        () -> new Documents.PickList(store.partnerStoreId(), pickList.pickListId(), pickList.waveId(),
                                pickList.readyBy() == null ? null : LegacyXml.time(pickList.readyBy()),
                                pickList.lines().stream().map(line -> pickLine(line, codes.get(line.gtin()))).toList()))
                .map(reply -> {
                    requireSame(store, "branch", store.partnerStoreId(), reply.branch());
                    requireSame(store, "pick list", pickList.pickListId(), reply.listNo());
                    return null;
                }));
    }

    private static Documents.PickLine pickLine(PickLine line, PartnerCode code) {
        List<Documents.PickOrder> orders = new ArrayList<>(line.orders().size());
        for (OrderSplit split : line.orders()) {
            orders.add(new Documents.PickOrder(split.orderId(), code.toPartnerQuantity(split.quantity())));
        }
        return new Documents.PickLine(code.code(), code.toPartnerQuantity(line.quantity()), line.zone(), line.aisle(), orders);
    }

    @Override
    public Future<Void> cancel(StoreRef store, String orderId) {
        return call(store, ORDER_CANCEL, Documents.OrderCancelReply.class, () -> new Documents.OrderCancel(store.partnerStoreId(), orderId))
                .map(reply -> {
                    requireSame(store, "branch", store.partnerStoreId(), reply.branch());
                    requireSame(store, "order", orderId, reply.orderNo());
                    return null;
                });
    }

    @Override
    public Future<Void> close() {
        return ownsClient ? http.close() : Future.succeededFuture();
    }

    // --- product codes -----------------------------------------------------------------------------

    /** The codes of the products the chain sells, in the order asked; a mapping that cannot be read is UNAVAILABLE. */
    private Future<Map<Gtin, PartnerCode>> codes(StoreRef store, Collection<Gtin> gtins) {
        LinkedHashSet<Gtin> distinct = new LinkedHashSet<>(gtins);
        return Future.<Void>succeededFuture()
                .compose(ignored -> mapping.codesFor(chainId(), distinct))
                .map(found -> {
                    Map<Gtin, PartnerCode> ordered = new LinkedHashMap<>();
                    Map<String, Gtin> seen = new HashMap<>();
                    for (Gtin gtin : distinct) {
                        PartnerCode code = found == null ? null : found.get(gtin);
                        if (code == null) {
                            continue;
                        }
                        Gtin other = seen.putIfAbsent(code.code(), gtin);
                        if (other != null) {
                            throw new IllegalStateException("code " + code.code() + " maps to both " + other + " and " + gtin);
                        }
                        ordered.put(gtin, code);
                    }
                    return ordered;
                })
                .recover(error -> Future.failedFuture(PartnerFailures.failure(Kind.UNAVAILABLE, store,
                        "the product codes of chain " + chainId() + " cannot be read: " + error.getMessage(), error)));
    }

    /** The codes of every product, or REJECTED naming those the chain has no code for. */
    private Future<Map<Gtin, PartnerCode>> codesOfEvery(StoreRef store, List<Gtin> gtins) {
        return codes(store, gtins).compose(codes -> {
            List<Gtin> missing = gtins.stream().filter(gtin -> !codes.containsKey(gtin)).distinct().toList();
            if (!missing.isEmpty()) {
                return Future.failedFuture(PartnerFailures.failure(Kind.REJECTED, store,
                        "chain " + chainId() + " has no product code for " + missing, null));
            }
            return Future.succeededFuture(codes);
        });
    }

    private static Map<String, Gtin> byCode(Map<Gtin, PartnerCode> codes) {
        Map<String, Gtin> result = new HashMap<>(codes.size() * 2);
        codes.forEach((gtin, code) -> result.put(code.code(), gtin));
        return result;
    }

    // --- the wire ----------------------------------------------------------------------------------

    /**
     * Posts the document built by {@code request} and reads the expected reply. A document our request
     * cannot be expressed in is REJECTED before any call.
     */
    private <T> Future<T> call(StoreRef store, String path, Class<T> replyType, Supplier<Object> request) {
        Buffer body;
        try {
            body = Buffer.buffer(LegacyXml.write(request.get()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Future.failedFuture(PartnerFailures.failure(Kind.REJECTED, store,
                    "the request cannot be put in the chain's terms: " + e.getMessage(), e));
        }
        HttpRequest<Buffer> post = http.request(HttpMethod.POST, path);
        post.headers().remove(HttpHeaders.AUTHORIZATION);
        String apiKey = http.endpoint().apiKey();
        if (apiKey != null && !apiKey.isBlank()) {
            post.putHeader(LegacyXml.API_KEY_HEADER, apiKey);
        }
        return post.putHeader(HttpHeaders.CONTENT_TYPE.toString(), LegacyXml.CONTENT_TYPE)
                .putHeader(HttpHeaders.ACCEPT.toString(), "text/xml")
                .sendBuffer(body)
                .expecting(PartnerFailures.status(store, 200))
                .map(response -> decode(store, response, replyType))
                .recover(PartnerFailures.recover(store));
    }

    private <T> T decode(StoreRef store, HttpResponse<Buffer> response, Class<T> replyType) {
        Buffer body = response.body();
        Reply<T> reply;
        try {
            reply = LegacyXml.readReply(body == null ? new byte[0] : body.getBytes(), replyType);
        } catch (InvalidDocument e) {
            throw PartnerFailures.failure(Kind.MALFORMED, store, e.getMessage(), e);
        }
        if (reply.error() != null) {
            throw refusal(store, reply.error(), response);
        }
        return reply.document();
    }

    private PartnerFailure refusal(StoreRef store, ErrorReply error, HttpResponse<Buffer> response) {
        Kind kind = ErrorCode.kindOf(error.code());
        Duration retryAfter = null;
        if (kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE) {
            retryAfter = error.retry() != null
                    ? Duration.ofSeconds(error.retry())
                    : PartnerFailures.retryAfter(response.getHeader(HttpHeaders.RETRY_AFTER.toString()), clock.instant());
        }
        String detail = error.code() + (error.msg() == null || error.msg().isBlank() ? "" : " " + error.msg());
        return new PartnerFailure(kind, store.chainId(), store.storeId(), detail, retryAfter, null);
    }

    private static void requireSame(StoreRef store, String what, String asked, String answered) {
        if (!asked.equals(answered)) {
            throw PartnerFailures.failure(Kind.MALFORMED, store, "asked about " + what + " " + asked + ", the answer is about " + answered, null);
        }
    }
}
