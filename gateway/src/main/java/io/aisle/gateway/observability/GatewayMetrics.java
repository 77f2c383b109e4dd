package io.aisle.gateway.observability;

import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.StoreOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters, named {@code aisle.*} ({@code aisle_*} in Prometheus). Tags are bounded:
 * chain, outcome, status, topic, result; never a store, order or client id. Counters are looked up
 * once per tag set and kept, so recording costs a map read and an add.
 */
public final class GatewayMetrics {

    static final Duration[] FAN_OUT_BUCKETS = Telemetry.durations(5, 10, 25, 50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 2000);
    static final Duration[] STORE_BUCKETS = Telemetry.durations(5, 10, 25, 50, 100, 150, 250, 500, 1000);
    static final double[] WAVE_ORDER_BUCKETS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32};
    static final double[] WAVE_ITEM_BUCKETS = {1, 5, 10, 20, 50, 100, 200, 500};
    static final double[] TRIP_BUCKETS = {1, 2, 3, 4, 5, 6, 8};
    static final Duration[] WAIT_BUCKETS = Telemetry.durations(100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000,
            300_000, 600_000, 1_200_000);

    private final MeterRegistry registry;
    private final Timer fanOut;
    private final Map<String, Map<StoreOutcome, Counter>> storeOutcomes = new ConcurrentHashMap<>();
    private final Map<String, Timer> storeLatency = new ConcurrentHashMap<>();
    private final Map<OrderStatus, Counter> orders = new EnumMap<>(OrderStatus.class);
    private final Map<String, DistributionSummary> waveOrders = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> waveItems = new ConcurrentHashMap<>();
    private final DistributionSummary tripOrders;
    private final DistributionSummary tripPickups;
    private final Timer riderWait;
    private final Timer bagWait;
    private final Map<String, Counter> webhooks = new ConcurrentHashMap<>();
    private final Map<String, Counter> outboxMessages = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.fanOut = Timer.builder("aisle.fanout.duration")
                .description("Time from the start of a quote's fan-out to its last store result (answer, cache, refusal or deadline)")
                .serviceLevelObjectives(FAN_OUT_BUCKETS)
                .register(registry);
        for (OrderStatus status : OrderStatus.values()) {
            orders.put(status, Counter.builder("aisle.orders")
                    .description("Orders that reached a status (counted by the instance that committed the change)")
                    .tag("status", status.name())
                    .register(registry));
        }
        this.tripOrders = DistributionSummary.builder("aisle.trip.orders")
                .description("Orders per rider trip planned")
                .serviceLevelObjectives(TRIP_BUCKETS)
                .register(registry);
        this.tripPickups = DistributionSummary.builder("aisle.trip.pickups")
                .description("Store pickups per rider trip planned")
                .serviceLevelObjectives(TRIP_BUCKETS)
                .register(registry);
        this.riderWait = Timer.builder("aisle.rider.wait")
                .description("How long a rider waited at a store for the bags (zero when they were ready first), per pickup, "
                        + "as rider dispatch reports it on PICKED_UP")
                .serviceLevelObjectives(WAIT_BUCKETS)
                .register(registry);
        this.bagWait = Timer.builder("aisle.bag.wait")
                .description("How long ready bags waited at a store for their rider (zero when the rider came first), per pickup")
                .serviceLevelObjectives(WAIT_BUCKETS)
                .register(registry);
    }

    /** Meters that go nowhere, for code run without a registry (unit tests of one part). */
    public static GatewayMetrics none() {
        return new GatewayMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A fan-out took {@code nanos} from start to its last result. */
    public void fanOut(long nanos) {
        fanOut.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One candidate store's result in a fan-out, with the time it took. */
    public void storeOutcome(String chainId, StoreOutcome outcome, long millis) {
        String chain = chainId == null || chainId.isEmpty() ? "unknown" : chainId;
        storeOutcomes.computeIfAbsent(chain, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Counter.builder("aisle.store.outcomes")
                        .description("Candidate stores' results in quote fan-outs, by chain and outcome")
                        .tag("chain", chain).tag("outcome", o.name())
                        .register(registry))
                .increment();
        if (outcome == StoreOutcome.ANSWERED) {
            storeLatency.computeIfAbsent(chain, c -> Timer.builder("aisle.store.answer.duration")
                    .description("Time until a store that was called answered, by chain")
                    .tag("chain", c)
                    .serviceLevelObjectives(STORE_BUCKETS)
                    .register(registry))
                    .record(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** An order's move to {@code status} was committed. */
    public void orderReached(OrderStatus status) {
        orders.get(status).increment();
    }

    /** A pick wave closed with this many orders and items ({@code reason}: why it closed). */
    public void waveClosed(String reason, int orderCount, int itemCount) {
        waveOrders.computeIfAbsent(reason, r -> DistributionSummary.builder("aisle.wave.orders")
                .description("Orders per pick wave sent to a store, by why the wave closed")
                .tag("reason", r)
                .serviceLevelObjectives(WAVE_ORDER_BUCKETS)
                .register(registry)).record(orderCount);
        waveItems.computeIfAbsent(reason, r -> DistributionSummary.builder("aisle.wave.items")
                .description("Items (units) per pick wave sent to a store, by why the wave closed")
                .tag("reason", r)
                .serviceLevelObjectives(WAVE_ITEM_BUCKETS)
                .register(registry)).record(itemCount);
    }

    /** A rider trip was planned for this many orders and pickups. */
    public void tripPlanned(int orderCount, int pickupCount) {
        tripOrders.record(orderCount);
        tripPickups.record(pickupCount);
    }

    /** A rider picked up at a store after waiting {@code rider} for the bags, which had waited {@code bags} for the rider. */
    public void pickupWaits(Duration rider, Duration bags) {
        riderWait.record(rider);
        bagWait.record(bags);
    }

    /** A webhook delivery attempt ended: {@code delivered}, or {@code failed} (the relay tries again or gives up). */
    public void webhookDelivery(String result) {
        webhooks.computeIfAbsent(result, r -> Counter.builder("aisle.webhook.deliveries")
                .description("Webhook delivery attempts to super-app clients, by result")
                .tag("result", r)
                .register(registry)).increment();
    }

    /** The outbox relay recorded what became of a row: {@code sent}, {@code retry}, {@code dead} or {@code unrouted}. */
    public void outboxMessage(String topic, String outcome) {
        outboxMessages.computeIfAbsent(topic + '\n' + outcome, key -> Counter.builder("aisle.outbox.messages")
                .description("Outbox rows the relay of this instance handled, by topic and outcome")
                .tag("topic", topic).tag("outcome", outcome)
                .register(registry)).increment();
    }
}
