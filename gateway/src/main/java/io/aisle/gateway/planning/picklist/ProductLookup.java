package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalogue facts (category, size class) that decide whether a substitute is SIMILAR. */
@FunctionalInterface
public interface ProductLookup {

    Optional<Product> find(Gtin gtin);

    /** True when both products are known and the substitute shares the original's category and size class. */
    default boolean similar(Gtin original, Gtin substitute) {
        Optional<Product> a = find(original);
        Optional<Product> b = find(substitute);
        return a.isPresent() && b.isPresent() && a.get().similarTo(b.get());
    }

    static ProductLookup of(Collection<Product> products) {
        Map<Gtin, Product> byGtin = products.stream().collect(Collectors.toUnmodifiableMap(Product::gtin, Function.identity(), (a, b) -> a));
        return gtin -> Optional.ofNullable(byGtin.get(gtin));
    }

    /** No catalogue facts: no substitute counts as SIMILAR. */
    static ProductLookup none() {
        return gtin -> Optional.empty();
    }
}
