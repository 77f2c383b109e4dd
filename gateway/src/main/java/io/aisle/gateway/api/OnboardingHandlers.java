package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aisle.adapters.legacyxml.ProductMapping;
import io.aisle.contracts.Json;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/admin/onboarding}: products, chains' product codes and stores by the thousand,
 * without a restart. The batch is checked whole before anything is written, every invalid row
 * reported with its index and why ({@code /stores/17/location/lat}), and it is written in one
 * transaction: a refused batch, or one the database refuses, leaves nothing behind.
 */
final class OnboardingHandlers {

    /** A whole city's registry fits in one batch. */
    static final int BODY_LIMIT_BYTES = 16 * 1024 * 1024;
    /** What the registry's {@code stores.store_id} takes: an id that starts with a letter or digit. */
    private static final Pattern STORE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    /** Members a row's checks name first in their message (the record checks say "lat must be ..."). */
    private static final Set<String> MEMBERS = Set.of("storeId", "chainId", "partnerStoreId", "name", "location", "lat", "lon",
            "opensAt", "closesAt", "gtin", "brand", "category", "sizeClass", "unit", "weightGrams", "loose", "zone", "aisle", "code",
            "partnerUnitsPerUnit");

    private final ProductCatalog catalog;
    private final ProductMappings mappings;
    private final StoreRegistry registry;

    OnboardingHandlers(ProductCatalog catalog, ProductMappings mappings, StoreRegistry registry) {
        this.catalog = catalog;
        this.mappings = mappings;
        this.registry = registry;
    }

    void onboard(RoutingContext ctx) {
        Rows rows = read(ctx);
        Onboarding batch = new Onboarding(List.copyOf(rows.products.values()), List.copyOf(rows.codes.values()),
                List.copyOf(rows.stores.values()));
        Set<Gtin> inBatch = rows.products.values().stream().map(OnboardedProduct::gtin).collect(Collectors.toSet());
        List<Gtin> codedElsewhere = rows.codes.values().stream().map(ProductCode::gtin).filter(g -> !inBatch.contains(g))
                .distinct().toList();
        List<Integer> storeRows = List.copyOf(rows.stores.keySet());
        List<Store> stores = rows.stores.values().stream().map(OnboardingHandlers::store).toList();
        Future.all(registry.chains(), codedElsewhere.isEmpty() ? Future.succeededFuture(Map.of()) : catalog.byGtins(codedElsewhere),
                        registry.partnerIdsTakenByOthers(stores))
                .compose(known -> {
                    List<Chain> chains = known.resultAt(0);
                    Map<?, ?> existing = known.resultAt(1);
                    Map<Integer, String> taken = known.resultAt(2);
                    Set<String> chainIds = chains.stream().map(Chain::chainId).collect(Collectors.toSet());
                    List<Row> errors = new ArrayList<>(rows.errors);
                    Set<String> unknownChains = new TreeSet<>();
                    rows.stores.forEach((i, store) -> {
                        if (!chainIds.contains(store.chainId())) {
                            unknownChains.add(store.chainId());
                            errors.add(new Row(Part.STORES, i, "/stores/" + i + "/chainId", "no chain " + store.chainId()));
                        }
                    });
                    rows.codes.forEach((i, code) -> {
                        if (!chainIds.contains(code.chainId())) {
                            unknownChains.add(code.chainId());
                            errors.add(new Row(Part.PRODUCT_CODES, i, "/productCodes/" + i + "/chainId", "no chain " + code.chainId()));
                        } else if (!inBatch.contains(code.gtin()) && !existing.containsKey(code.gtin())) {
                            errors.add(new Row(Part.PRODUCT_CODES, i, "/productCodes/" + i + "/gtin", "no product " + code.gtin()));
                        }
                    });
                    taken.forEach((at, other) -> {
                        int i = storeRows.get(at);
                        OnboardedStore store = rows.stores.get(i);
                        errors.add(new Row(Part.STORES, i, "/stores/" + i + "/partnerStoreId", "chain " + store.chainId()
                                + "'s store " + store.partnerStoreId() + " is store " + other));
                    });
                    if (!errors.isEmpty()) {
                        errors.sort(Comparator.comparing(Row::part).thenComparingInt(Row::index));
                        long badRows = errors.stream().map(e -> e.part + "/" + e.index).distinct().count();
                        return Future.failedFuture(new ProblemException(Problem.of(422, "validation-failed", "Onboarding refused",
                                badRows + " row(s) of the batch are invalid, and nothing of it was written"
                                        + (unknownChains.isEmpty() ? "" : "; unknown chains " + unknownChains))
                                .withErrors(errors.stream().map(e -> new Problem.FieldError(e.pointer, e.detail)).toList())));
                    }
                    List<ProductCatalog.Entry> entries = batch.products().stream().map(p -> new ProductCatalog.Entry(p.product(),
                            p.weightGrams(), p.loose(), p.zone(), p.aisle())).toList();
                    List<ProductMapping> codes = batch.productCodes().stream()
                            .map(c -> new ProductMapping(c.chainId(), c.gtin(), c.code(), c.partnerUnitsPerUnit())).toList();
                    return registry.inTransaction(sql -> catalog.upsert(sql, entries)
                                    .compose(ignored -> mappings.upsert(sql, codes))
                                    .compose(ignored -> registry.upsertStores(sql, stores)))
                            .compose(ignored -> entries.isEmpty() ? Future.succeededFuture() : catalog.changed())
                            .compose(ignored -> codes.isEmpty() ? Future.succeededFuture() : mappings.changed())
                            .compose(ignored -> stores.isEmpty() ? Future.succeededFuture() : registry.indexStores(stores));
                })
                .onSuccess(ignored -> Responses.json(ctx, 200, new OnboardingResult(batch.products().size(),
                        batch.productCodes().size(), batch.stores().size())))
                .onFailure(ctx::fail);
    }

    /** The parts of a batch, in the order errors are listed. */
    private enum Part { PRODUCTS, PRODUCT_CODES, STORES }

    /** What is wrong with one row. */
    private record Row(Part part, int index, String pointer, String detail) {
    }

    /** The rows of a batch that could be read, by index, and what is wrong with those that could not. */
    private record Rows(Map<Integer, OnboardedProduct> products, Map<Integer, ProductCode> codes,
                        Map<Integer, OnboardedStore> stores, List<Row> errors) {
    }

    /**
     * Reads the batch row by row: a body that is not a JSON object (or whose lists are not lists) is a
     * 400; a row that breaks a rule is reported with its pointer and the batch read on, so every
     * invalid row is named at once.
     */
    private static Rows read(RoutingContext ctx) {
        Bodies.requireJson(ctx);
        if (!Bodies.present(ctx)) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Missing request body", "this operation takes a JSON body"));
        }
        Bodies.requireUtf8(ctx);
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(ctx.body().buffer().getBytes());
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problems.toProblem(e, 400));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request body", e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request body", "the body is not a JSON object"));
        }
        int items = 0;
        for (String list : List.of("products", "productCodes", "stores")) {
            JsonNode node = tree.get(list);
            if (node != null && !node.isNull() && !node.isArray()) {
                throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request body", list + " must be a list")
                        .withErrors(List.of(new Problem.FieldError("/" + list, list + " must be a list"))));
            }
            items += node == null ? 0 : node.size();
        }
        if (items > Onboarding.MAX_ITEMS) {
            throw new ProblemException(Problems.invalid("one onboarding batch takes at most " + Onboarding.MAX_ITEMS
                    + " products, codes and stores, got " + items + "; send it in parts", null));
        }
        List<Row> errors = new ArrayList<>();
        Map<Integer, OnboardedProduct> products = rows(tree, "products", Part.PRODUCTS, OnboardedProduct.class, errors);
        Map<Integer, ProductCode> codes = rows(tree, "productCodes", Part.PRODUCT_CODES, ProductCode.class, errors);
        Map<Integer, OnboardedStore> stores = rows(tree, "stores", Part.STORES, OnboardedStore.class, errors);
        stores.entrySet().removeIf(entry -> {
            if (!STORE_ID.matcher(entry.getValue().storeId()).matches()) {
                errors.add(new Row(Part.STORES, entry.getKey(), "/stores/" + entry.getKey() + "/storeId",
                        "storeId must be at most 128 ASCII letters, digits, '-', '_', '.', ':', starting with a letter or digit"));
                return true;
            }
            return false;
        });
        return new Rows(products, codes, stores, errors);
    }

    private static <T> Map<Integer, T> rows(JsonNode tree, String list, Part part, Class<T> type, List<Row> errors) {
        Map<Integer, T> read = new TreeMap<>();
        JsonNode node = tree.get(list);
        if (node == null || node.isNull()) {
            return read;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "/" + list + "/" + i;
            JsonNode row = node.get(i);
            if (row == null || !row.isObject()) {
                errors.add(new Row(part, i, at, "each of " + list + " is a JSON object"));
                continue;
            }
            try {
                read.put(i, Json.mapper().treeToValue(row, type));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                errors.add(rowError(part, i, at, e));
            }
        }
        return read;
    }

    /** Where in the row the reading failed (the member the exception's path or message names) and why. */
    private static Row rowError(Part part, int index, String at, Exception e) {
        StringBuilder pointer = new StringBuilder(at);
        if (e instanceof JsonMappingException jme) {
            jme.getPath().forEach(ref -> pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex()));
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String detail = cause instanceof IllegalArgumentException iae ? iae.getMessage()
                : e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        String first = detail == null ? "" : detail.split("[ ,:]", 2)[0];
        if (MEMBERS.contains(first) && !pointer.toString().endsWith("/" + first)) {
            pointer.append('/').append(first);
        }
        return new Row(part, index, pointer.toString(), detail);
    }

    private static Store store(OnboardedStore s) {
        return new Store(s.storeId(), s.chainId(), s.partnerStoreId(), s.name(), s.location(), s.opensAt(), s.closesAt(), null,
                false, null, null);
    }
}
