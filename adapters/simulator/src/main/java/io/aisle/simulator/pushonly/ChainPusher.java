package io.aisle.simulator.pushonly;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.partner.StockPushKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.Fault;
import io.aisle.simulator.fleet.FaultMode;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push-only chains' side of the fleet, on one event loop: every store of a push-only chain pushes
 * signed stock to the gateway and pulls its pick lists from it, one store per request, on a schedule
 * driven by a Vert.x periodic timer:
 * <ul>
 *   <li>a SNAPSHOT of the store's whole assortment within {@code startSpread} of the start, then every
 *       {@code pushPeriod}, stores spread evenly over the period; a push that got no answer is retried
 *       with a backoff (doubling from 1 s, up to the period);</li>
 *   <li>a DELTA with the new absolute levels as soon as picking changed some;</li>
 *   <li>a signed GET of its open pick lists every {@code pullPeriod}; a list seen for the first time is
 *       taken: its units are set aside at once (the stock falls, a DELTA follows), and once the
 *       fleet's pick time has passed a signed ready PickResult is posted (PICKED, or SHORT for what
 *       the store did not have). A list the gateway still returns after its result was posted is
 *       answered again with the same result.</li>
 * </ul>
 * Faults, the push-only way: HANG, ERROR and RESET stop the store's pushes, pulls and results (its
 * system is down); SLOW delays each of them by {@code latencyMs}; GARBAGE replaces its snapshots with
 * signed bodies that are not stock pushes; OUTOFSTOCK pushes zero levels; RATELIMIT changes nothing,
 * since nobody calls a push-only chain.
 */
final class ChainPusher extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ChainPusher.class);
    static final long TICK_MS = 50;
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long LOG_EVERY_MS = 30_000;
    private static final int FINISHED_MEMORY = 500;

    private final Fleet fleet;
    private final PushOnlySimulatorConfig config;
    private final PushCounters counters;
    private final Queue<String> pushNow;
    private final String basePath;
    private final List<StoreState> states = new ArrayList<>();
    private WebClient client;
    private String host;
    private int port;
    private long timer = -1;
    private long now;
    private int cursor;
    private int inFlight;
    private long lastWarning = -LOG_EVERY_MS;
    private long warningsSkipped;

    ChainPusher(Fleet fleet, PushOnlySimulatorConfig config, PushCounters counters, Queue<String> pushNow) {
        this.fleet = fleet;
        this.config = config;
        this.counters = counters;
        this.pushNow = pushNow;
        String path = URI.create(config.gatewayUrl()).getRawPath();
        this.basePath = path == null || path.equals("/") ? "" : (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    @Override
    public Future<?> start() {
        URI gateway = URI.create(config.gatewayUrl());
        boolean ssl = "https".equals(gateway.getScheme());
        host = gateway.getHost();
        port = gateway.getPort() > 0 ? gateway.getPort() : (ssl ? 443 : 80);
        client = WebClient.create(vertx, new WebClientOptions()
                        .setName("aisle-push-only-simulator")
                        .setUserAgent("aisle-push-only-simulator")
                        .setSsl(ssl)
                        .setKeepAlive(true)
                        .setFollowRedirects(false)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.callTimeout().toMillis())),
                new PoolOptions().setHttp1MaxSize(config.maxInFlight()).setMaxWaitQueueSize(config.maxInFlight() * 4));
        Map<String, HmacSigner> signers = new HashMap<>();
        long sequenceBase = fleet.clock().millis() * 1_000;
        for (Store store : fleet.stores()) {
            if (store.chain().kind() != PartnerKind.PUSH_ONLY) {
                continue;
            }
            String secret = config.signingSecret() != null ? config.signingSecret() : store.chain().signingSecret();
            HmacSigner signer = signers.computeIfAbsent(store.chainId(), id -> new HmacSigner(secret, fleet.clock(), HmacSigner.DEFAULT_TOLERANCE));
            states.add(new StoreState(store, signer, store.assortment().stream().map(CatalogueItem::gtin).toList(), sequenceBase));
        }
        int count = states.size();
        for (int i = 0; i < count; i++) {
            StoreState state = states.get(i);
            state.nextSnapshotAt = config.startSpread().toMillis() * i / Math.max(1, count);
            state.nextPullAt = config.startSpread().toMillis() + config.pullPeriod().toMillis() * i / Math.max(1, count);
        }
        if (!states.isEmpty()) {
            timer = vertx.setPeriodic(TICK_MS, id -> tick());
        }
        LOG.info("push-only simulator: {} stores push to {} every {} and pull every {}", count, config.gatewayUrl(),
                config.pushPeriod(), config.pullPeriod());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }

    private void tick() {
        now += TICK_MS;
        for (String storeId = pushNow.poll(); storeId != null; storeId = pushNow.poll()) {
            for (StoreState state : states) {
                if (state.store.id().equals(storeId)) {
                    state.nextSnapshotAt = now;
                }
            }
        }
        int count = states.size();
        for (int visited = 0; visited < count && inFlight < config.maxInFlight(); visited++) {
            StoreState state = states.get(cursor);
            cursor = (cursor + 1) % count;
            Fault fault = fleet.faultOf(state.store);
            if (isDown(fault)) {
                continue;
            }
            if (!state.pushing && state.nextSnapshotAt <= now) {
                pushSnapshot(state, fault);
            } else if (!state.pushing && !state.changed.isEmpty() && state.retryAt <= now) {
                pushDelta(state, fault);
            }
            if (!state.pulling && state.nextPullAt <= now && inFlight < config.maxInFlight()) {
                pull(state, fault);
            }
        }
    }

    private static boolean isDown(Fault fault) {
        return fault.mode() == FaultMode.HANG || fault.mode() == FaultMode.ERROR || fault.mode() == FaultMode.RESET;
    }

    // --- stock -------------------------------------------------------------------------------------

    private void pushSnapshot(StoreState state, Fault fault) {
        state.changed.clear();
        boolean garbage = fault.mode() == FaultMode.GARBAGE;
        Buffer body = garbage
                ? garbage(state)
                : encode(new StockPush(state.store.id(), ++state.sequence, StockPushKind.SNAPSHOT, fleet.clock().instant(),
                        levels(state, state.gtins, fault.mode() == FaultMode.OUTOFSTOCK)));
        push(state, fault, body, garbage ? null : StockPushKind.SNAPSHOT);
    }

    private void pushDelta(StoreState state, Fault fault) {
        List<Gtin> changed = List.copyOf(state.changed);
        state.changed.clear();
        Buffer body = encode(new StockPush(state.store.id(), ++state.sequence, StockPushKind.DELTA, fleet.clock().instant(),
                levels(state, changed, fault.mode() == FaultMode.OUTOFSTOCK)));
        push(state, fault, body, StockPushKind.DELTA);
    }

    /** Sends one push; {@code kind} is null for a garbage body. */
    private void push(StoreState state, Fault fault, Buffer body, StockPushKind kind) {
        state.pushing = true;
        if (kind == null) {
            counters.garbage.increment();
        }
        send(state, fault, HttpMethod.POST, "/partner/v1/chains/" + state.store.chainId() + "/stock", body)
                .onComplete(result -> {
                    state.pushing = false;
                    Outcome outcome = Outcome.of(result.succeeded() ? result.result().statusCode() : -1);
                    if (outcome == Outcome.ACCEPTED) {
                        (kind == StockPushKind.DELTA ? counters.deltas : counters.snapshots).increment();
                    } else if (outcome == Outcome.REFUSED) {
                        counters.refused.increment();
                        if (kind != null) {
                            warn("gateway refused a " + kind + " push of " + state.store.id() + ": HTTP " + result.result().statusCode()
                                    + " " + result.result().bodyAsString());
                        }
                    } else {
                        counters.failed.increment();
                        warn("stock push of " + state.store.id() + " got no answer: "
                                + (result.succeeded() ? "HTTP " + result.result().statusCode() : String.valueOf(result.cause())));
                    }
                    if (outcome == Outcome.FAILED) {
                        // The next snapshot carries every level, lost deltas included.
                        state.failures++;
                        long backoff = Math.min(config.pushPeriod().toMillis(), FIRST_BACKOFF_MS << Math.min(20, state.failures - 1));
                        state.nextSnapshotAt = now + backoff;
                        state.retryAt = now + backoff;
                    } else {
                        state.failures = 0;
                        if (kind != StockPushKind.DELTA) {
                            state.nextSnapshotAt = now + config.pushPeriod().toMillis();
                        }
                    }
                });
    }

    private List<StockItem> levels(StoreState state, List<Gtin> gtins, boolean outOfStock) {
        List<StockItem> items = new ArrayList<>(gtins.size());
        for (Gtin gtin : gtins) {
            OptionalInt level = state.store.available(gtin);
            state.store.price(gtin).ifPresent(price -> items.add(new StockItem(gtin, outOfStock ? 0 : Math.max(0, level.orElse(0)), price)));
        }
        return items;
    }

    private Buffer garbage(StoreState state) {
        state.garbageCount++;
        return Buffer.buffer(state.garbageCount % 2 == 1
                ? "<stock><store>" + state.store.id() + "</store><level>lots</level></stock>"
                : "{\"storeId\":\"" + state.store.id() + "\",\"sequence\":\"next\",\"kind\":\"SNAPSHOT\",\"asOf\":\"today\",\"items\":\"see attachment\"}");
    }

    // --- pick lists --------------------------------------------------------------------------------

    private void pull(StoreState state, Fault fault) {
        state.pulling = true;
        counters.polls.increment();
        send(state, fault, HttpMethod.GET, "/partner/v1/chains/" + state.store.chainId() + "/stores/" + state.store.id() + "/pick-lists", null)
                .onComplete(result -> {
                    state.pulling = false;
                    state.nextPullAt = now + config.pullPeriod().toMillis();
                    if (result.failed() || result.result().statusCode() != 200) {
                        counters.pollsFailed.increment();
                        warn("pick list pull of " + state.store.id() + " failed: "
                                + (result.succeeded() ? "HTTP " + result.result().statusCode() : String.valueOf(result.cause())));
                        return;
                    }
                    PickListBatch batch;
                    try {
                        batch = Json.mapper().readValue(result.result().bodyAsBuffer().getBytes(), PickListBatch.class);
                    } catch (IOException | RuntimeException e) {
                        counters.pollsFailed.increment();
                        warn("pick list pull of " + state.store.id() + " answered something else than pick lists: " + e.getMessage());
                        return;
                    }
                    batch.pickLists().forEach(pickList -> take(state, pickList));
                });
    }

    private void take(StoreState state, PickList pickList) {
        PickResult done = state.finished.get(pickList.pickListId());
        if (done != null) {
            postResult(state, done);
            return;
        }
        if (!state.store.id().equals(pickList.storeId()) || !state.store.acceptPickList(pickList)) {
            return;
        }
        counters.pulled.increment();
        List<PickResultLine> lines = setAside(state, pickList);
        long pickMillis = Math.max(1, fleet.spec().timings().pickTime(pickList.lines().size()).toMillis());
        vertx.setTimer(pickMillis, id -> {
            PickResult result = new PickResult(pickList.pickListId(), state.store.id(), true, fleet.clock().instant(), lines);
            state.finished.put(pickList.pickListId(), result);
            postResult(state, result);
        });
    }

    /**
     * Takes the list's units off the shelf at once (what the store has of each product, first come
     * first served per order), so every later push reflects them, and says per order what was picked.
     */
    private List<PickResultLine> setAside(StoreState state, PickList pickList) {
        List<PickResultLine> lines = new ArrayList<>();
        Store store = state.store;
        // The store is its own lock: the level is read and lowered in one step.
        synchronized (store) {
            for (PickLine line : pickList.lines()) {
                int onShelf = store.carries(line.gtin()) ? Math.max(0, store.available(line.gtin()).orElse(0)) : 0;
                int taken = Math.min(onShelf, line.quantity());
                if (taken > 0) {
                    store.setAvailable(line.gtin(), onShelf - taken);
                    state.changed.add(line.gtin());
                }
                int left = taken;
                for (OrderSplit split : line.orders()) {
                    int picked = Math.min(left, split.quantity());
                    left -= picked;
                    lines.add(new PickResultLine(split.orderId(), line.gtin(), picked == split.quantity() ? PickStatus.PICKED : PickStatus.SHORT,
                            split.quantity(), picked, null, 0, null));
                }
            }
        }
        return lines;
    }

    private void postResult(StoreState state, PickResult result) {
        Fault fault = fleet.faultOf(state.store);
        if (isDown(fault)) {
            return; // the gateway keeps the list open; the result goes out when a later pull returns it
        }
        send(state, fault, HttpMethod.POST, "/partner/v1/chains/" + state.store.chainId() + "/pick-results", encode(result))
                .onComplete(sent -> {
                    if (sent.succeeded() && Outcome.of(sent.result().statusCode()) == Outcome.ACCEPTED) {
                        counters.resultsPosted.increment();
                    } else {
                        counters.resultsFailed.increment();
                        warn("pick result " + result.pickListId() + " of " + state.store.id() + " was not taken: "
                                + (sent.succeeded() ? "HTTP " + sent.result().statusCode() + " " + sent.result().bodyAsString() : String.valueOf(sent.cause())));
                    }
                });
    }

    // --- HTTP --------------------------------------------------------------------------------------

    /** A signed call (over an empty body for GET), after the store's SLOW delay; never fails for an HTTP status. */
    private Future<HttpResponse<Buffer>> send(StoreState state, Fault fault, HttpMethod method, String path, Buffer body) {
        inFlight++;
        Future<Void> delay = fault.mode() == FaultMode.SLOW && fault.latencyMs() > 0
                ? vertx.timer(fault.latencyMs()).mapEmpty()
                : Future.succeededFuture();
        return delay.compose(ignored -> {
                    byte[] bytes = body == null ? new byte[0] : body.getBytes();
                    HmacSigner.Signature signature = state.signer.sign(bytes);
                    var request = client.request(method, port, host, basePath + path)
                            .putHeader(HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                            .putHeader(HmacSigner.NONCE_HEADER, signature.nonce())
                            .putHeader(HmacSigner.SIGNATURE_HEADER, signature.signature())
                            .timeout(config.callTimeout().toMillis());
                    Future<HttpResponse<Buffer>> sent = body == null
                            ? request.send()
                            : request.putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json").sendBuffer(body);
                    return sent.timeout(config.callTimeout().toMillis() + 100, TimeUnit.MILLISECONDS);
                })
                .onComplete(ignored -> inFlight--);
    }

    private static Buffer encode(Object value) {
        try {
            return Buffer.buffer(Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** At most one warning per 30 s, saying how many were left out. */
    private void warn(String message) {
        if (now - lastWarning < LOG_EVERY_MS) {
            warningsSkipped++;
            return;
        }
        lastWarning = now;
        if (warningsSkipped > 0) {
            LOG.warn("push-only simulator: {} (and {} more problems in the last 30 s)", message, warningsSkipped);
        } else {
            LOG.warn("push-only simulator: {}", message);
        }
        warningsSkipped = 0;
    }

    private enum Outcome {
        ACCEPTED, REFUSED, FAILED;

        static Outcome of(int status) {
            if (status >= 200 && status < 300) {
                return ACCEPTED;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                return REFUSED;
            }
            return FAILED;
        }
    }

    /** The body of a pick list pull. */
    record PickListBatch(List<PickList> pickLists) {
        PickListBatch {
            pickLists = pickLists == null ? List.of() : List.copyOf(pickLists);
        }
    }

    /** One store's schedule and memory; touched only on this verticle's event loop. Times are this pusher's ticks in ms. */
    private static final class StoreState {
        final Store store;
        final HmacSigner signer;
        final List<Gtin> gtins;
        final Set<Gtin> changed = new LinkedHashSet<>();
        final Map<String, PickResult> finished = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PickResult> eldest) {
                return size() > FINISHED_MEMORY;
            }
        };
        long sequence;
        long nextSnapshotAt;
        long nextPullAt;
        long retryAt;
        int failures;
        long garbageCount;
        boolean pushing;
        boolean pulling;

        StoreState(Store store, HmacSigner signer, List<Gtin> gtins, long sequenceBase) {
            this.store = store;
            this.signer = signer;
            this.gtins = gtins;
            this.sequence = sequenceBase;
        }
    }
}
