package io.aisle.gateway.api;

import io.aisle.gateway.config.HttpConfig;
import io.aisle.gateway.config.ObservabilityConfig;
import io.aisle.gateway.health.Readiness;
import io.aisle.gateway.isolation.EventLoopLag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The northbound HTTP API. The route table comes first; handlers stay thin (parse, call the use
 * case, write JSON). Cross-cutting concerns are small ordered handlers: request id, body limit,
 * then the routes, then one failure handler that answers problem+json.
 */
public final class ApiVerticle extends VerticleBase {

    private final HttpConfig http;
    private final Readiness readiness;
    private final CatalogHandlers catalog;
    private final StoreHandlers stores;
    private final AdminHandlers admin;
    private final QuoteHandlers quotes;
    private final Authentication auth;
    private final OrderHandlers orders;
    private final PartnerCallbackHandlers partners;
    private final OrderEventStream orderEvents;
    private final RiderEventHandlers riders;
    private final OnboardingHandlers onboarding;
    private final ChainAdminHandlers chains;
    private final EventLoopLag lag;
    private final AccessLog accessLog;
    private final MetricsHandlers metrics;
    private final ClientLimits clientLimits;
    private final OpsHandlers ops;
    private HttpServer server;

    /** {@code metrics}: what {@code GET /metrics} shows; {@code observability}: who may see it, and whether requests are logged. */
    public ApiVerticle(HttpConfig http, Readiness readiness, ApiServices services, PrometheusMeterRegistry metrics,
                       ObservabilityConfig observability) {
        this.http = http;
        this.readiness = readiness;
        this.catalog = new CatalogHandlers(services.catalog());
        this.stores = new StoreHandlers(services.registry(), services.storeHealth(), services.quote());
        this.admin = new AdminHandlers(services.storeHealth(), services.catalog());
        this.quotes = new QuoteHandlers(services.quotes(), services.quoteAdmission());
        this.auth = new Authentication(services.clients(), services.operatorKey());
        this.orders = new OrderHandlers(services.orders(), services.orderAdmission());
        this.partners = new PartnerCallbackHandlers(services.pushIngest(), services.partnerCallbacks(), services.picking(),
                services.catalog(), services.adapters(), services.registry());
        this.riders = new RiderEventHandlers(services.riderEvents(), services.dispatch());
        this.orderEvents = services.orderEvents();
        this.onboarding = new OnboardingHandlers(services.catalog(), services.productMappings(), services.registry());
        this.chains = new ChainAdminHandlers(services.chainAdmin());
        this.lag = services.lag();
        this.accessLog = new AccessLog(observability.accessLog());
        this.metrics = new MetricsHandlers(metrics, observability.metricsOpen(), auth);
        this.clientLimits = new ClientLimits(services.clientLimiter());
        this.ops = new OpsHandlers(services.ops());
    }

    @Override
    public Future<?> start() {
        lag.watch(vertx);
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::handle);
        router.route().handler(accessLog::handle);
        router.route().handler(RequestTarget::handle);
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(metrics::guard).handler(metrics::scrape);
        router.route("/partner/*").handler(BodyHandler.create(false).setBodyLimit(http.bodyLimitBytes()));
        router.route("/partner/v1/chains/:chainId/*").handler(partners::knowChain);
        router.post("/partner/v1/chains/:chainId/stock").handler(partners::stock);
        router.post("/partner/v1/chains/:chainId/pick-results").handler(partners::pickResult);
        router.get("/partner/v1/chains/:chainId/stores/:storeId/pick-lists").handler(partners::pullPickLists);
        router.route("/dispatch/*").handler(BodyHandler.create(false).setBodyLimit(http.bodyLimitBytes()));
        router.post("/dispatch/v1/events").handler(riders::event);
        router.route("/v1/admin/onboarding").handler(BodyHandler.create(false)
                .setBodyLimit(Math.max(http.bodyLimitBytes(), OnboardingHandlers.BODY_LIMIT_BYTES)));
        router.routeWithRegex("/v1/(?!admin/onboarding$).*").handler(BodyHandler.create(false).setBodyLimit(http.bodyLimitBytes()));
        router.route("/v1/admin/*").handler(auth::operator);
        router.routeWithRegex("/v1/(?!admin/).*").handler(auth::client);
        router.routeWithRegex("/v1/(?!admin/).*").handler(AccessLog::client);
        router.routeWithRegex("/v1/(?!admin/).*").handler(clientLimits::handle);
        router.get("/v1/catalog").handler(catalog::search);
        router.get("/v1/stores").handler(stores::nearby);
        router.post("/v1/quotes").handler(quotes::quote);
        router.post("/v1/orders").handler(orders::place);
        router.get("/v1/orders/:orderId").handler(orders::get);
        router.post("/v1/orders/:orderId/cancel").handler(orders::cancel);
        router.get("/v1/orders/:orderId/events").handler(ctx -> orderEvents.stream(ctx, ctx.pathParam("orderId"),
                Authentication.clientOf(ctx).clientId()));
        router.get("/v1/admin/stores/:storeId/health").handler(admin::storeHealth);
        router.post("/v1/admin/stores/:storeId/pause").handler(admin::pause);
        router.post("/v1/admin/stores/:storeId/resume").handler(admin::resume);
        router.put("/v1/admin/products/:gtin/rules").handler(admin::productRules);
        router.post("/v1/admin/onboarding").handler(onboarding::onboard);
        router.get("/v1/admin/chains").handler(chains::list);
        router.post("/v1/admin/chains").handler(chains::register);
        router.get("/v1/admin/chains/:chainId").handler(chains::get);
        router.put("/v1/admin/chains/:chainId").handler(chains::update);
        router.post("/v1/admin/chains/:chainId/disable").handler(chains::disable);
        router.post("/v1/admin/chains/:chainId/enable").handler(chains::enable);
        router.routeWithRegex("/ops(/.*)?").handler(ops::secure).handler(auth::operatorPage);
        router.route("/ops/api/*").handler(BodyHandler.create(false).setBodyLimit(http.bodyLimitBytes()));
        router.get("/ops").handler(ops::page);
        router.get("/ops/assets/:file").handler(ops::asset);
        router.get("/ops/api/summary").handler(ops::summary);
        router.post("/ops/api/stores/:storeId/pause").handler(admin::pause);
        router.post("/ops/api/stores/:storeId/resume").handler(admin::resume);

        router.route().last().handler(new Unrouted(router)::handle);
        router.route().failureHandler(Problems::handleFailure);

        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(http.host())
                        .setPort(http.port())
                        .setCompressionSupported(true)
                        .setIdleTimeout(60))
                .requestHandler(router)
                .invalidRequestHandler(RequestTarget::invalid)
                .listen()
                .onSuccess(s -> server = s);
    }

    /** The port actually bound (useful when the configured port is 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private void live(RoutingContext ctx) {
        ctx.json(new JsonObject().put("status", "UP"));
    }

    private void ready(RoutingContext ctx) {
        readiness.check().onComplete(result -> HealthAnswers.ready(ctx, result));
    }
}
