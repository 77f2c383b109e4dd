package io.aisle.gateway;

import io.aisle.gateway.api.Admission;
import io.aisle.gateway.api.ApiServices;
import io.aisle.gateway.api.ApiVerticle;
import io.aisle.gateway.api.OrderEventStream;
import io.aisle.gateway.api.Problems;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.auth.ClientDirectory;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.catalog.ProductMappings;
import io.aisle.gateway.config.AuthConfig;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.adapters.stock.StockSnapshots;
import io.aisle.gateway.isolation.BreakerBroadcast;
import io.aisle.gateway.isolation.EventLoopLag;
import io.aisle.gateway.isolation.HostCpu;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.isolation.ClientRateLimiter;
import io.aisle.gateway.isolation.QuotaShare;
import io.aisle.gateway.order.Checkpoint;
import io.aisle.gateway.order.HoldStore;
import io.aisle.gateway.order.IdempotencyKeyStore;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderSaga;
import io.aisle.gateway.order.OrderService;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.order.StoreHolds;
import io.aisle.gateway.order.PartnerCommands;
import io.aisle.adapters.dispatch.HttpRiderDispatchClient;
import io.aisle.adapters.dispatch.RiderDispatchEndpoint;
import io.aisle.adapters.dispatch.RiderEventReceiver;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.gateway.config.PickingConfig;
import io.aisle.gateway.dispatch.AheadDispatch;
import io.aisle.gateway.dispatch.DispatchService;
import io.aisle.gateway.dispatch.TripReasker;
import io.aisle.gateway.dispatch.TripSender;
import io.aisle.gateway.dispatch.TripStore;
import io.aisle.gateway.picking.PickingService;
import io.aisle.gateway.picking.PickingWorker;
import io.aisle.gateway.picking.Resourcing;
import io.aisle.gateway.picking.ResourcingStore;
import io.aisle.gateway.picking.WaveStore;
import io.aisle.gateway.planning.trip.TripRules;
import io.aisle.gateway.planning.wave.WaveRules;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxRelay;
import io.aisle.gateway.observability.BreakerStates;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.observability.TableGauges;
import io.aisle.gateway.ops.OpsOverview;
import io.aisle.gateway.ops.OrderFlow;
import io.aisle.gateway.observability.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.aisle.gateway.outbox.OutboxRelayConfig;
import io.aisle.gateway.webhook.WebhookConfig;
import io.aisle.gateway.webhook.WebhookHandler;
import io.aisle.gateway.order.RecoveryWorker;
import io.aisle.gateway.partner.AdapterFactory;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.quote.QuoteService;
import io.aisle.gateway.quote.StockFanOut;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.warmup.WarmUp;
import io.aisle.adapters.callback.CallbackSigners;
import io.aisle.adapters.callback.PartnerCallbacks;
import io.aisle.adapters.callback.RedisNonceStore;
import io.aisle.adapters.pushonly.PushOnlyIngest;
import io.aisle.adapters.pushonly.PushOnlySettings;
import io.aisle.gateway.partner.ChainSync;
import io.aisle.gateway.store.ChainAdmin;
import io.aisle.gateway.store.ChainCredentials;
import io.aisle.gateway.store.GeoIndexKeeper;
import io.aisle.gateway.store.RegistryChainStores;
import io.aisle.gateway.store.StoreHealthService;
import io.aisle.gateway.store.StoreRegistry;
import java.time.Clock;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.health.Readiness;
import io.aisle.gateway.migration.Migrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: applies migrations (on a worker thread), opens the PostgreSQL and Redis
 * pools, and deploys the verticles. The same code serves dev mode, production and tests; only the
 * configuration differs.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final Duration GEO_INDEX_CHECK_PERIOD = Duration.ofSeconds(15);
    static final Duration QUOTA_SHARE_PERIOD = Duration.ofSeconds(5);
    /** The share of an instance's order slots ordinary orders leave to priority orders. */
    static final double PRIORITY_SHARE = 0.2;
    /** How often reference data versions are read besides every quote (instances that serve none still see changes). */
    static final Duration REFERENCE_VERSIONS_PERIOD = Duration.ofSeconds(5);
    /** How often an instance adds the orders it moved to the flow the ops page shows. */
    static final Duration ORDER_FLOW_PERIOD = Duration.ofSeconds(5);
    /** How often every chain is read again whatever the versions say (a lost announcement of a change). */
    static final Duration CHAINS_RELOAD_PERIOD = Duration.ofSeconds(30);
    /** A pushed stock snapshot older than this is not used. */
    static final Duration SNAPSHOT_MAX_AGE = Duration.ofMinutes(2);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Parts parts;
    private final List<String> deployments;
    private final int port;

    private Gateway(Vertx vertx, GatewayConfig config, Parts parts, List<String> deployments, int port) {
        this.vertx = vertx;
        this.config = config;
        this.parts = parts;
        this.deployments = deployments;
        this.port = port;
    }

    public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
        return start(vertx, config, Clock.systemUTC());
    }

    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock) {
        return start(vertx, config, clock, Checkpoint.NONE);
    }

    /** With a checkpoint the order saga reports its steps to (crash tests hold it up there). */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock, Checkpoint checkpoint) {
        return vertx.executeBlocking(() -> Migrations.apply(config.postgres()), false)
                .compose(schemaVersion -> {
                    Parts parts = new Parts(vertx, config, schemaVersion, clock, checkpoint);
                    return parts.start()
                            .compose(ignored -> deployApi(vertx, config, parts))
                            .onSuccess(gateway -> parts.warmUp())
                            .onFailure(failure -> parts.close());
                })
                .onSuccess(gateway -> LOG.info("gateway listening on {}:{}", config.http().host(), gateway.port));
    }

    private static Future<Gateway> deployApi(Vertx vertx, GatewayConfig config, Parts parts) {
        AtomicReference<ApiVerticle> first = new AtomicReference<>();
        return vertx.deployVerticle(() -> {
                    ApiVerticle verticle = new ApiVerticle(config.http(), parts.readiness, parts.services, parts.meters,
                            config.observability());
                    first.compareAndSet(null, verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(config.http().instances()))
                .map(id -> new Gateway(vertx, config, parts, List.of(id), first.get().actualPort()));
    }

    /** Everything one gateway instance holds, built once and shared by its verticles. */
    private static final class Parts {
        final Pool pg;
        final Redis redis;
        final Readiness readiness;
        final ReferenceVersions versions;
        final StoreRegistry registry;
        final ProductCatalog catalog;
        final Isolation isolation;
        final EventLoopLag lag;
        final HostCpu cpu;
        final BreakerBroadcast broadcast;
        final ChainAdapters adapters = new ChainAdapters();
        final ClientDirectory clients;
        final QuotaShare quotaShare;
        final ProductMappings productMappings;
        final RegistryChainStores chainStores;
        final AdapterFactory factory;
        final ChainAdmin chainAdmin;
        final ChainSync chainSync;
        private long registryTimer = -1;
        private long chainsTimer = -1;
        final OrderStore orders = new OrderStore();
        final HoldStore holds = new HoldStore();
        final OrderChanges orderChanges;
        final OrderSaga saga;
        final RecoveryWorker recovery;
        final WebhookHandler webhooks;
        final OrderEventStream orderEvents;
        final OutboxRelay relay;
        final HttpRiderDispatchClient riders;
        final DispatchService dispatch;
        final PickingService picking;
        final PickingWorker pickingWorker;
        final Resourcing resourcing;
        final RiderEventReceiver riderEvents;
        private String relayDeployment;
        final GeoIndexKeeper geoIndex;
        final ApiServices services;
        final QuoteService quotes;
        final PrometheusMeterRegistry meters;
        final GatewayMetrics metrics;
        final TableGauges tableGauges;
        final OrderFlow orderFlow;
        private Future<Void> warmedUp = Future.succeededFuture();
        private final Vertx vertx;
        private final GatewayConfig config;
        private final Clock clock;

        Parts(Vertx vertx, GatewayConfig config, String schemaVersion, Clock clock, Checkpoint checkpoint) {
            this.vertx = vertx;
            this.config = config;
            this.clock = clock;
            Telemetry telemetry = Telemetry.of(vertx);
            // a Vert.x instance built without the gateway's telemetry still gets the gateway's own meters
            this.meters = telemetry != null ? telemetry.registry() : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            this.metrics = new GatewayMetrics(meters);
            this.pg = pgPool(vertx, config.postgres());
            this.redis = redisClient(vertx, config.redis());
            this.readiness = new Readiness(pg, redis, schemaVersion, Duration.ofSeconds(1));
            readiness.watchingOutbox(() -> Outbox.lag(pg, clock.instant()), config.observability().outboxReadyMaxLag());
            this.versions = new ReferenceVersions(redis);
            this.registry = new StoreRegistry(pg, redis, versions);
            this.catalog = new ProductCatalog(pg, versions);
            this.lag = new EventLoopLag();
            this.cpu = new HostCpu().watch(vertx);
            this.isolation = new Isolation(vertx, config.breakerProfiles(), clock, lag, meters);
            new BreakerStates(meters, isolation).start();
            this.broadcast = new BreakerBroadcast(vertx, redis, redisOptions(config.redis()), isolation);
            this.geoIndex = new GeoIndexKeeper(vertx, registry, redis);
            registry.whenIndexMissing(geoIndex::check);
            this.clients = new ClientDirectory(pg, clock);
            this.quotaShare = new QuotaShare(vertx, redis, registry, isolation, clock, QUOTA_SHARE_PERIOD);
            this.productMappings = new ProductMappings(pg, clock, versions);
            this.chainStores = new RegistryChainStores(registry);
            this.factory = new AdapterFactory(vertx, redis, productMappings, chainStores, clock);
            ChainCredentials credentials = ChainCredentials.withKey(config.auth().chainCredentialsKey());
            if (!credentials.sealing()) {
                LOG.warn("auth.chainCredentialsKey is not set: credentials of chains registered through the admin API are stored unsealed");
            }
            this.chainAdmin = new ChainAdmin(registry, credentials, config.breakerProfiles().keySet());
            this.chainSync = new ChainSync(vertx, factory, adapters, isolation, chainAdmin, quotaShare::instances, clock);
            registry.whenChainsChange(chainSync::apply);
            adapters.whenUnknown(registry::refreshNow);
            StockSnapshots snapshots = new StockSnapshots(redis, clock);
            StockFanOut fanOut = new StockFanOut(vertx, adapters, isolation, snapshots, config.quote().cacheTtl(),
                    SNAPSHOT_MAX_AGE, clock, metrics);
            this.quotes = new QuoteService(vertx, registry, catalog, fanOut, config.quote());
            this.webhooks = new WebhookHandler(vertx, clients, clock, WebhookConfig.defaults(), metrics);
            this.orderEvents = new OrderEventStream(vertx, pg, orders);
            this.relay = new OutboxRelay(pg, OutboxRelayConfig.defaults(), clock, metrics);
            this.orderChanges = new OrderChanges(pg, orders, holds, new IdempotencyKeyStore(), clock, config.orders().lease(),
                    relay::wake, metrics);
            this.saga = new OrderSaga(pg, orders, holds, orderChanges, Problems::rejectedOrder, quotes, registry, adapters, isolation,
                    clock, config.orders().holdFor(), checkpoint);
            this.recovery = new RecoveryWorker(vertx, orderChanges, saga);
            this.riders = new HttpRiderDispatchClient(vertx, RiderDispatchEndpoint.of(config.riderDispatch().baseUrl(),
                    config.riderDispatch().apiKey()).withCallTimeout(config.riderDispatch().callTimeout()), clock);
            TripRules tripRules = TripRules.DEFAULTS.withRiderApproach(config.riderDispatch().approach());
            this.dispatch = new DispatchService(pg, orders, orderChanges, new TripStore(), registry, tripRules, clock,
                    relay::wake, metrics);
            AheadDispatch ahead = new AheadDispatch(pg, orders, orderChanges, new TripStore(), registry, dispatch, tripRules, clock,
                    relay::wake);
            PickingConfig p = config.picking();
            this.picking = new PickingService(pg, orders, orderChanges, new WaveStore(), catalog, new WaveRules(p.waveWindow(),
                    p.waveMaxOrders(), p.waveMaxItems(), p.pickPerLine(), p.pickBase()), clock, relay::wake, ready -> dispatch.dispatch(ready)
                    .onFailure(failure -> LOG.warn("dispatching ready orders failed, the sweep retries: {}", failure.toString())),
                    metrics, ahead);
            this.resourcing = new Resourcing(pg, new ResourcingStore(), orders, holds, orderChanges, quotes, registry,
                    new StoreHolds(adapters, isolation), picking, clock, config.orders().lease(), config.orders().holdFor(), checkpoint,
                    relay::wake);
            this.pickingWorker = new PickingWorker(vertx, picking, dispatch,
                    new TripReasker(pg, new TripStore(), riders, dispatch, clock, config.riderDispatch().reaskAfter()), ahead,
                    p.redispatchBackoff(), p.overdueMargin(), resourcing);
            this.riderEvents = new RiderEventReceiver(new HmacSigner(config.riderDispatch().signingSecret(), clock,
                    HmacSigner.DEFAULT_TOLERANCE), new RedisNonceStore(redis));
            this.tableGauges = new TableGauges(vertx, meters, config.observability().tableGaugesPeriod())
                    .gauge("aisle.outbox.lag", "How long the oldest outbox row that could be sent now has been due", "seconds",
                            () -> Outbox.lag(pg, clock.instant()).map(lag -> lag.toNanos() / 1e9))
                    .gauge("aisle.outbox.dead.rows", "Outbox rows given up (DEAD)", null, () -> Outbox.deadRows(pg).map(Long::doubleValue))
                    .gauge("aisle.outbox.pending.rows", "Outbox rows still to be sent (due or in backoff)", null,
                            () -> Outbox.pendingRows(pg).map(Long::doubleValue))
                    .gauge("aisle.holds.open", "Holds stores keep for orders now (HELD)", null,
                            () -> holds.countHeld(pg).map(Long::doubleValue));
            PushOnlySettings pushOnly = PushOnlySettings.defaults();
            CallbackSigners configured = CallbackSigners.fromEndpoints(config.chains(), clock);
            CallbackSigners signers = chainId -> configured.forChain(chainId).or(() -> chainSync.signer(chainId));
            PartnerCallbacks partnerCallbacks = PartnerCallbacks.create(redis, signers, chainStores, pushOnly.redisTimeout());
            StoreHealthService storeHealth = new StoreHealthService(registry, isolation, broadcast, clock);
            this.orderFlow = new OrderFlow(vertx, redis, meters, clock);
            this.services = new ApiServices(catalog, registry, config.quote(), clock,
                    storeHealth, quotes, clients, config.auth().operatorKey(),
                    new OrderService(pg, orders, orderChanges, saga), orderEvents, picking, dispatch, riderEvents, partnerCallbacks,
                    PushOnlyIngest.create(redis, partnerCallbacks, pushOnly, clock), adapters, productMappings, lag,
                    Admission.adaptive("orders", config.http().maxOrdersInFlight(), PRIORITY_SHARE, this::saturatedSince)
                            .measuredBy(meters),
                    Admission.adaptive("quotes", config.http().maxQuotesInFlight(), 0, this::saturatedSince).measuredBy(meters),
                    new ClientRateLimiter(redis, clock, config.auth().limitRedisTimeout(), quotaShare::instances,
                            config.auth().clients().stream().collect(Collectors.toMap(AuthConfig.ClientConfig::clientId,
                                    AuthConfig.ClientConfig::limit, (first, last) -> last)), config.auth().defaultLimit()),
                    new OpsOverview(registry, storeHealth, orderFlow, orders, pg, clock),
                    chainAdmin);
        }

        Future<Void> start() {
            tableGauges.start();
            orderFlow.start(ORDER_FLOW_PERIOD);
            Future<Void> chains = Future.succeededFuture();
            for (ChainEndpoint endpoint : config.chains()) {
                factory.create(endpoint).ifPresent(adapter -> adapters.register(endpoint, adapter));
                chains = chains.compose(ignored -> registry.registerEndpoint(endpoint));
            }
            for (AuthConfig.ClientConfig client : config.auth().clients()) {
                chains = chains.compose(ignored -> clients.register(new Client(client.clientId(), client.name(),
                        client.webhookUrl(), client.webhookSecret(), client.priorities()), client.apiKey()));
            }
            if (config.auth().operatorKey() == null || config.auth().operatorKey().isEmpty()) {
                LOG.warn("auth.operatorKey is not set: the admin API refuses every call");
            }
            return chains
                    .compose(ignored -> versions.start(vertx, REFERENCE_VERSIONS_PERIOD).<Void>mapEmpty()
                            .recover(failure -> Future.succeededFuture()))
                    // chains registered through the admin API get their adapters now, and whenever they change
                    .compose(ignored -> registry.refresh())
                    .onSuccess(ignored -> {
                        registryTimer = vertx.setPeriodic(REFERENCE_VERSIONS_PERIOD.toMillis(), id -> registry.refresh());
                        // should a change's announcement have been lost (Redis away as it committed), chains are read again anyway
                        chainsTimer = vertx.setPeriodic(CHAINS_RELOAD_PERIOD.toMillis(), id -> registry.reloadChains());
                    })
                    .compose(ignored -> quotaShare.start())
                    .compose(ignored -> broadcast.start())
                    .compose(ignored -> geoIndex.start(GEO_INDEX_CHECK_PERIOD))
                    .compose(ignored -> {
                        PartnerCommands commands = new PartnerCommands(registry, adapters, isolation, pg, holds, Duration.ofSeconds(2));
                        relay.register(WebhookHandler.TOPIC, webhooks)
                                .register(PartnerCommands.HOLD_RELEASE_TOPIC, commands.releaseHold())
                                .register(PartnerCommands.PARTNER_CANCEL_TOPIC, commands.cancelOrder())
                                .register(PickingService.PICK_LIST_TOPIC, commands.submitPickList())
                                .register(DispatchService.TRIP_TOPIC, new TripSender(riders));
                        return vertx.deployVerticle(relay);
                    })
                    .onSuccess(id -> {
                        relayDeployment = id;
                        recovery.start(config.orders().recoveryPeriod());
                        pickingWorker.start(config.picking().checkPeriod());
                    })
                    .mapEmpty();
        }

        /** Warms the instance up in the background; readiness says no until it is done. */
        void warmUp() {
            if (config.http().warmUp().isZero()) {
                return;
            }
            WarmUp warmUp = new WarmUp(vertx, pg, config.postgres().poolSize(), redis, config.redis().poolSize(), versions, registry,
                    catalog, quotes, isolation, config.http().warmUp(), config.http().warmUpQuotes());
            warmedUp = warmUp.run();
            readiness.awaiting(warmedUp, warmUp::progress);
        }

        /** Whether this instance's event loops lagged or its host's CPUs were saturated since {@code sinceNanos}. */
        private boolean saturatedSince(long sinceNanos) {
            return lag.saturatedSince(sinceNanos) || cpu.saturatedSince(sinceNanos);
        }

        Future<Void> close() {
            cpu.stop(vertx);
            tableGauges.stop();
            orderFlow.stop();
            versions.stop();
            if (registryTimer >= 0) {
                vertx.cancelTimer(registryTimer);
                vertx.cancelTimer(chainsTimer);
            }
            quotaShare.stop();
            recovery.stop();
            pickingWorker.stop();
            geoIndex.stop();
            broadcast.stop();
            orderEvents.close();
            Future<Void> relayStopped = relayDeployment == null ? Future.succeededFuture() : vertx.undeploy(relayDeployment);
            return relayStopped.recover(failure -> Future.succeededFuture())
                    .eventually(() -> {
                        webhooks.close();
                        riders.close();
                        return adapters.closeAll();
                    })
                    .eventually(() -> pg.close())
                    .eventually(() -> {
                        redis.close();
                        return Future.succeededFuture();
                    });
        }
    }

    public int port() {
        return port;
    }

    /** Completes when this instance has warmed up (at once when warm-up is off); readiness waits for it. */
    public Future<Void> warmedUp() {
        return parts.warmedUp;
    }

    public GatewayConfig config() {
        return config;
    }

    public Pool pg() {
        return parts.pg;
    }

    public Redis redis() {
        return parts.redis;
    }

    public StoreRegistry registry() {
        return parts.registry;
    }

    public ProductCatalog catalog() {
        return parts.catalog;
    }

    public ProductMappings productMappings() {
        return parts.productMappings;
    }

    public ClientDirectory clients() {
        return parts.clients;
    }

    public PickingWorker pickingWorker() {
        return parts.pickingWorker;
    }

    /** The re-sourcing of units picked short (its pass runs in the picking worker's). */
    public Resourcing resourcing() {
        return parts.resourcing;
    }

    public OutboxRelay relay() {
        return parts.relay;
    }

    public RecoveryWorker recovery() {
        return parts.recovery;
    }

    public QuotaShare quotaShare() {
        return parts.quotaShare;
    }

    public Isolation isolation() {
        return parts.isolation;
    }

    /** Stops taking traffic, then closes the pools. */
    public Future<Void> stop() {
        List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
        return Future.join(undeployed).transform(ignored -> parts.close());
    }

    static Pool pgPool(Vertx vertx, PgConfig pg) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(pg.host())
                .setPort(pg.port())
                .setDatabase(pg.database())
                .setUser(pg.user())
                .setPassword(pg.password())
                .setCachePreparedStatements(true)
                .setPipeliningLimit(16);
        PoolOptions pool = new PoolOptions()
                .setMaxSize(pg.poolSize())
                .setMaxWaitQueueSize(pg.poolSize() * 64)
                .setConnectionTimeout((int) pg.connectTimeout().toMillis())
                .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setShared(true)
                .setName("aisle-pg");
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }

    static Redis redisClient(Vertx vertx, RedisConfig redis) {
        return Redis.createClient(vertx, redisOptions(redis));
    }

    static RedisOptions redisOptions(RedisConfig redis) {
        return new RedisOptions()
                .setType(RedisClientType.STANDALONE)
                .setConnectionString(redis.url())
                .setMaxPoolSize(redis.poolSize())
                .setMaxPoolWaiting(redis.poolSize() * 64)
                .setMaxWaitingHandlers(redis.maxWaitingHandlers())
                .setPoolRecycleTimeout(15_000);
    }
}
