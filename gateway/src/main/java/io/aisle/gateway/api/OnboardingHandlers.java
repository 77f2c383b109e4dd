package io.aisle.gateway.api;

import io.aisle.adapters.legacyxml.ProductMapping;
import io.aisle.contracts.api.OnboardedProduct;
import io.aisle.contracts.api.OnboardedStore;
import io.aisle.contracts.api.Onboarding;
import io.aisle.contracts.api.OnboardingResult;
import io.aisle.contracts.api.ProductCode;
import io.aisle.contracts.problem.Problem;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.catalog.ProductMappings;
import io.aisle.gateway.store.Chain;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/admin/onboarding}: products, chains' product codes and stores by the thousand,
 * without a restart. The batch is checked whole before anything is written.
 */
final class OnboardingHandlers {

    /** A whole city's registry fits in one batch. */
    static final int BODY_LIMIT_BYTES = 16 * 1024 * 1024;

    private final ProductCatalog catalog;
    private final ProductMappings mappings;
    private final StoreRegistry registry;

    OnboardingHandlers(ProductCatalog catalog, ProductMappings mappings, StoreRegistry registry) {
        this.catalog = catalog;
        this.mappings = mappings;
        this.registry = registry;
    }

    void onboard(RoutingContext ctx) {
        Onboarding batch = Bodies.read(ctx, Onboarding.class);
        Set<Gtin> inBatch = batch.products().stream().map(OnboardedProduct::gtin).collect(Collectors.toSet());
        List<Gtin> codedElsewhere = batch.productCodes().stream().map(ProductCode::gtin).filter(g -> !inBatch.contains(g))
                .distinct().toList();
        List<Store> stores = batch.stores().stream().map(OnboardingHandlers::store).toList();
        Future.all(registry.chains(), codedElsewhere.isEmpty() ? Future.succeededFuture(java.util.Map.of()) : catalog.byGtins(codedElsewhere),
                        registry.partnerIdsTakenByOthers(stores))
                .compose(known -> {
                    List<Chain> chains = known.resultAt(0);
                    java.util.Map<?, ?> existing = known.resultAt(1);
                    java.util.Map<Integer, String> taken = known.resultAt(2);
                    Set<String> chainIds = chains.stream().map(Chain::chainId).collect(Collectors.toSet());
                    List<Problem.FieldError> errors = new ArrayList<>();
                    Set<String> unknownChains = new TreeSet<>();
                    for (int i = 0; i < batch.stores().size(); i++) {
                        if (!chainIds.contains(batch.stores().get(i).chainId())) {
                            unknownChains.add(batch.stores().get(i).chainId());
                            errors.add(new Problem.FieldError("/stores/" + i + "/chainId", "no chain " + batch.stores().get(i).chainId()));
                        }
                    }
                    for (int i = 0; i < batch.productCodes().size(); i++) {
                        ProductCode code = batch.productCodes().get(i);
                        if (!chainIds.contains(code.chainId())) {
                            unknownChains.add(code.chainId());
                            errors.add(new Problem.FieldError("/productCodes/" + i + "/chainId", "no chain " + code.chainId()));
                        } else if (!inBatch.contains(code.gtin()) && !existing.containsKey(code.gtin())) {
                            errors.add(new Problem.FieldError("/productCodes/" + i + "/gtin", "no product " + code.gtin()));
                        }
                    }
                    taken.forEach((i, other) -> errors.add(new Problem.FieldError("/stores/" + i + "/partnerStoreId", "chain "
                            + batch.stores().get(i).chainId() + "'s store " + batch.stores().get(i).partnerStoreId() + " is store " + other)));
                    if (!errors.isEmpty()) {
                        return Future.failedFuture(new ProblemException(Problem.of(422, "validation-failed", "Onboarding refused",
                                errors.size() + " item(s) name chains or products the gateway does not know, or a chain's store"
                                        + " another store already is"
                                        + (unknownChains.isEmpty() ? "" : " (chains " + unknownChains + ")"))
                                .withErrors(errors.size() > 50 ? errors.subList(0, 50) : errors)));
                    }
                    return catalog.upsert(batch.products().stream().map(p -> new ProductCatalog.Entry(p.product(), p.weightGrams(),
                                    p.loose(), p.zone(), p.aisle())).toList())
                            .compose(ignored -> mappings.upsert(batch.productCodes().stream()
                                    .map(c -> new ProductMapping(c.chainId(), c.gtin(), c.code(), c.partnerUnitsPerUnit())).toList()))
                            .compose(ignored -> registry.upsertStores(stores));
                })
                .onSuccess(ignored -> Responses.json(ctx, 200, new OnboardingResult(batch.products().size(),
                        batch.productCodes().size(), batch.stores().size())))
                .onFailure(ctx::fail);
    }

    private static Store store(OnboardedStore s) {
        return new Store(s.storeId(), s.chainId(), s.partnerStoreId(), s.name(), s.location(), s.opensAt(), s.closesAt(), null,
                false, null, null);
    }
}
