package io.aisle.gateway.ops;

import io.aisle.contracts.api.BreakerState;
import io.aisle.contracts.api.HealthReason;
import io.aisle.contracts.api.OpsSummary;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.StoreHealth;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.store.StoreHealthService;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops page's view of the gateway: orders by status, store health by chain with reasons, the
 * city grid of failing stores, the latest dead outbox rows. Stores come from the registry in memory
 * and their states from this instance's breakers (which follow what other instances share); only
 * the failing ones cost a read of the shared states. Each part that cannot be read is left out and
 * named, so the page goes on showing the rest when PostgreSQL or Redis is away.
 */
public final class OpsOverview {

    /** Stores listed by name at most (the counts cover all). */
    static final int LISTED = 500;
    static final int DEAD_ROWS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(OpsOverview.class);

    private final StoreRegistry registry;
    private final StoreHealthService health;
    private final OrderFlow flow;
    private final OrderStore orders;
    private final SqlClient pg;
    private final Clock clock;

    public OpsOverview(StoreRegistry registry, StoreHealthService health, OrderFlow flow, OrderStore orders, SqlClient pg, Clock clock) {
        this.registry = registry;
        this.health = health;
        this.flow = flow;
        this.orders = orders;
        this.pg = pg;
        this.clock = clock;
    }

    public Future<OpsSummary> summary() {
        List<String> unavailable = new CopyOnWriteArrayList<>();
        Future<Map<OrderStatus, Long>> inFlight = part("orders in flight", orders.countInFlight(pg), unavailable);
        Future<OrderFlow.Flow> reached = part("order flow", flow.flush().compose(ignored -> flow.read(60)), unavailable);
        Future<List<Outbox.Dead>> dead = part("dead outbox rows", Outbox.recentDead(pg, DEAD_ROWS), unavailable);
        Future<Long> deadTotal = part("dead outbox rows", Outbox.deadRows(pg), unavailable);
        Future<Stores> stores = part("stores", registry.stores().compose(this::stores), unavailable);
        return Future.join(inFlight, reached, dead, deadTotal, stores).transform(ignored -> {
            OrderFlow.Flow f = reached.result();
            Map<OrderStatus, Long> flying = inFlight.result() == null ? null : inFlightOf(inFlight.result());
            OpsSummary.Orders orderCounts = new OpsSummary.Orders(flying, f == null ? null : f.lastFiveMinutes(),
                    f == null ? null : f.window(), f == null ? null : f.total());
            OpsSummary.DeadRows deadRows = dead.result() == null ? null : new OpsSummary.DeadRows(
                    deadTotal.result() == null ? dead.result().size() : deadTotal.result(),
                    dead.result().stream().map(d -> new OpsSummary.DeadRow(d.id(), d.topic(), d.aggregateId(), d.attempts(),
                            d.lastError(), d.createdAt())).toList());
            Stores s = stores.result();
            return Future.succeededFuture(new OpsSummary(clock.instant(), orderCounts,
                    s == null ? null : s.chains, s == null ? null : gridOf(s.grid), s == null ? null : s.unhealthy,
                    s == null ? 0 : s.unhealthyTotal, s == null ? null : s.paused, s == null ? 0 : s.pausedTotal, deadRows,
                    List.copyOf(new java.util.LinkedHashSet<>(unavailable))));
        });
    }

    private static <T> Future<T> part(String name, Future<T> read, List<String> unavailable) {
        return read.recover(failure -> {
            LOG.debug("ops summary without {}: {}", name, failure.toString());
            unavailable.add(name);
            return Future.succeededFuture(null);
        });
    }

    private static OpsSummary.Grid gridOf(CityGrid grid) {
        return new OpsSummary.Grid(grid.minLat(), grid.maxLat(), grid.minLon(), grid.maxLon(), grid.rows(), grid.cols(),
                grid.cells().stream().map(c -> new OpsSummary.GridCell(c.row(), c.col(), c.stores(), c.open(), c.halfOpen(), c.forcedOpen()))
                        .toList());
    }

    private static Map<OrderStatus, Long> inFlightOf(Map<OrderStatus, Long> counted) {
        Map<OrderStatus, Long> all = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : List.of(OrderStatus.RECEIVED, OrderStatus.CONFIRMED, OrderStatus.PICKING, OrderStatus.READY,
                OrderStatus.DISPATCHED, OrderStatus.PICKED_UP)) {
            all.put(status, counted.getOrDefault(status, 0L));
        }
        return all;
    }

    private record Stores(List<OpsSummary.ChainHealth> chains, CityGrid grid, List<OpsSummary.UnhealthyStore> unhealthy,
                          int unhealthyTotal, List<OpsSummary.PausedStore> paused, int pausedTotal) {
    }

    private Future<Stores> stores(List<Store> all) {
        Map<String, int[]> byChain = new TreeMap<>();
        Map<String, Map<HealthReason, Integer>> reasons = new TreeMap<>();
        List<CityGrid.Placed> placed = new ArrayList<>(all.size());
        List<Store> failing = new ArrayList<>();
        List<Store> paused = new ArrayList<>();
        for (Store store : all) {
            BreakerState state = health.stateOf(store);
            placed.add(new CityGrid.Placed(store.location().lat(), store.location().lon(), state));
            int[] counts = byChain.computeIfAbsent(store.chainId(), c -> new int[6]);
            counts[0]++;
            switch (state) {
                case CLOSED -> counts[1]++;
                case OPEN -> {
                    counts[2]++;
                    failing.add(store);
                }
                case HALF_OPEN -> {
                    counts[3]++;
                    failing.add(store);
                }
                case FORCED_OPEN -> {
                    HealthReason reason = store.paused() ? HealthReason.MANUAL_PAUSE : HealthReason.CLOSED_HOURS;
                    counts[store.paused() ? 4 : 5]++;
                    reasons.computeIfAbsent(store.chainId(), c -> new EnumMap<>(HealthReason.class)).merge(reason, 1, Integer::sum);
                    if (store.paused()) {
                        paused.add(store);
                    }
                }
            }
        }
        CityGrid grid = CityGrid.of(placed);
        List<Store> listed = failing.size() > LISTED ? failing.subList(0, LISTED) : failing;
        return health.health(listed).map(healths -> {
            List<OpsSummary.UnhealthyStore> unhealthy = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
                Store store = listed.get(i);
                StoreHealth h = healths.get(i);
                int[] cell = grid.cellOf(store.location().lat(), store.location().lon());
                unhealthy.add(new OpsSummary.UnhealthyStore(store.storeId(), store.chainId(), store.name(), h.state(), h.reason(),
                        h.since(), h.failureRate(), h.slowCallRate(), store.location().lat(), store.location().lon(), cell[0], cell[1]));
            }
            // a chain's reasons count the failing stores listed (all of them but in a city-wide outage)
            for (OpsSummary.UnhealthyStore u : unhealthy) {
                if (u.reason() != null) {
                    reasons.computeIfAbsent(u.chainId(), c -> new EnumMap<>(HealthReason.class)).merge(u.reason(), 1, Integer::sum);
                }
            }
            unhealthy.sort(Comparator.comparing(OpsSummary.UnhealthyStore::since, Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(OpsSummary.UnhealthyStore::storeId));
            List<OpsSummary.ChainHealth> chains = new ArrayList<>();
            byChain.forEach((chain, c) -> chains.add(new OpsSummary.ChainHealth(chain, c[0], c[1], c[2], c[3], c[4], c[5],
                    reasons.getOrDefault(chain, Map.of()))));
            List<OpsSummary.PausedStore> pausedStores = paused.stream()
                    .sorted(Comparator.comparing((Store s) -> s.pausedAt() == null ? java.time.Instant.EPOCH : s.pausedAt()).reversed())
                    .limit(LISTED)
                    .map(s -> new OpsSummary.PausedStore(s.storeId(), s.chainId(), s.name(), s.pauseReason(), s.pausedAt()))
                    .toList();
            return new Stores(chains, grid, unhealthy, failing.size(), pausedStores, paused.size());
        });
    }
}
