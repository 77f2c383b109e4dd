package io.aisle.gateway.api;

import io.aisle.adapters.callback.PartnerCallbacks;
import io.aisle.adapters.pushonly.PushOnlyIngest;
import io.aisle.adapters.dispatch.RiderEventReceiver;
import io.aisle.gateway.auth.ClientDirectory;
import io.aisle.gateway.partner.ChainAdapters;
import io.aisle.gateway.dispatch.DispatchService;
import io.aisle.gateway.isolation.ClientRateLimiter;
import io.aisle.gateway.isolation.EventLoopLag;
import io.aisle.gateway.picking.PickingService;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.catalog.ProductMappings;
import io.aisle.gateway.config.QuoteConfig;
import io.aisle.gateway.ops.OpsOverview;
import io.aisle.gateway.order.OrderService;
import io.aisle.gateway.quote.QuoteService;
import io.aisle.gateway.store.ChainAdmin;
import io.aisle.gateway.store.StoreHealthService;
import io.aisle.gateway.store.StoreRegistry;
import java.time.Clock;

/** The use cases the API calls, built once by the composition root and shared by every API verticle instance. */
public record ApiServices(ProductCatalog catalog, StoreRegistry registry, QuoteConfig quote, Clock clock,
                          StoreHealthService storeHealth, QuoteService quotes, ClientDirectory clients, String operatorKey,
                          OrderService orders, OrderEventStream orderEvents, PickingService picking, DispatchService dispatch,
                          RiderEventReceiver riderEvents, PartnerCallbacks partnerCallbacks, PushOnlyIngest pushIngest,
                          ChainAdapters adapters,
                          ProductMappings productMappings, EventLoopLag lag, Admission orderAdmission,
                          Admission quoteAdmission, ClientRateLimiter clientLimiter,
                          OpsOverview ops, ChainAdmin chainAdmin) {
}
