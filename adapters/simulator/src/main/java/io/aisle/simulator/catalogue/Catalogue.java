package io.aisle.simulator.catalogue;

import io.aisle.contracts.value.Gtin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seeded catalogue of household staples the simulated fleet sells and the gateway serves on
 * {@code GET /v1/catalog}. Generated deterministically from a compact table of product families x
 * brands x sizes ({@code catalogue/staples.txt} on the class path), so GTINs are stable between runs.
 *
 * <p>Packaged goods get GS1-China-style GTIN-13s ({@code 69} + a five-digit brand code + a five-digit
 * item reference + check digit); loose produce gets restricted-circulation in-store codes ({@code 21}
 * + PLU). Immutable and thread-safe.
 */
public final class Catalogue {

    public static final String RESOURCE = "/catalogue/staples.txt";
    public static final String LOOSE_BRAND = "Loose produce";

    private static volatile Catalogue standard;

    private final List<CatalogueItem> items;
    private final Map<Gtin, Integer> indexByGtin;

    private Catalogue(List<CatalogueItem> items) {
        this.items = List.copyOf(items);
        Map<Gtin, Integer> index = new HashMap<>(items.size() * 2);
        for (int i = 0; i < items.size(); i++) {
            if (index.put(items.get(i).gtin(), i) != null) {
                throw new IllegalStateException("duplicate GTIN in catalogue: " + items.get(i).gtin());
            }
        }
        this.indexByGtin = Map.copyOf(index);
    }

    /** The catalogue built from the table shipped with the simulator; built once and shared. */
    public static Catalogue standard() {
        Catalogue result = standard;
        if (result == null) {
            synchronized (Catalogue.class) {
                result = standard;
                if (result == null) {
                    try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("catalogue table " + RESOURCE + " is missing from the class path");
                        }
                        result = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    standard = result;
                }
            }
        }
        return result;
    }

    /** Builds a catalogue from a table in the format of {@code catalogue/staples.txt}. */
    public static Catalogue parse(String table) {
        List<CatalogueItem> items = new ArrayList<>();
        Map<String, Integer> brandCodes = new LinkedHashMap<>();
        int family = 0;
        int plu = 0;
        int lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(table))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                try {
                    switch (f[0]) {
                        case "P" -> {
                            family++;
                            items.addAll(packagedFamily(f, family, brandCodes));
                        }
                        case "L" -> {
                            plu++;
                            items.add(looseProduct(f, plu));
                        }
                        default -> throw new IllegalArgumentException("a line starts with P or L");
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("catalogue line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Catalogue(items);
    }

    private static List<CatalogueItem> packagedFamily(String[] f, int family, Map<String, Integer> brandCodes) {
        requireFields(f, 7);
        String name = f[1];
        String category = f[2];
        String zone = f[3];
        String aisle = f[4];
        String[] brands = f[5].split(",");
        String[] sizes = f[6].split(";");
        List<CatalogueItem> result = new ArrayList<>(brands.length * sizes.length);
        for (String rawBrand : brands) {
            String brand = rawBrand.strip();
            int brandCode = brandCodes.computeIfAbsent(brand, b -> 10_000 + brandCodes.size() * 137);
            long brandPermille = brandPricePermille(brand, family);
            for (int s = 0; s < sizes.length; s++) {
                String[] size = sizes[s].split(":");
                if (size.length != 4) {
                    throw new IllegalArgumentException("a size is label:sizeClass:grams:fen, got '" + sizes[s] + "'");
                }
                String unit = size[0].strip();
                int itemReference = family * 100 + s;
                Gtin gtin = Gtin.fromPrefix(String.format(Locale.ROOT, "69%05d%05d", brandCode, itemReference));
                long price = roundToTenFen(Long.parseLong(size[3].strip()) * brandPermille / 1000);
                result.add(new CatalogueItem(gtin, brand + " " + name + " " + unit, brand, category, size[1].strip(), unit,
                        price, Integer.parseInt(size[2].strip()), false, zone, aisle));
            }
        }
        return result;
    }

    private static CatalogueItem looseProduct(String[] f, int plu) {
        requireFields(f, 6);
        Gtin gtin = Gtin.fromPrefix(String.format(Locale.ROOT, "21%05d00000", 10_000 + plu));
        return new CatalogueItem(gtin, f[1] + " (loose, per 500 g)", LOOSE_BRAND, f[2], "500g", "500 g", Long.parseLong(f[5].strip()),
                500, true, f[3], f[4]);
    }

    private static void requireFields(String[] f, int count) {
        if (f.length != count) {
            throw new IllegalArgumentException("expected " + count + " '|'-separated fields, got " + f.length);
        }
    }

    /** The first brand of a family is the reference price; others differ by up to about 15 %, stably. */
    private static long brandPricePermille(String brand, int family) {
        int h = (brand.hashCode() * 31 + family) & 0x7fffffff;
        return 880 + h % 271;
    }

    private static long roundToTenFen(long fen) {
        return Math.max(10, Math.round(fen / 10.0) * 10);
    }

    /** Every product, in a stable order; the position is the product's index. */
    public List<CatalogueItem> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public CatalogueItem item(int index) {
        return items.get(index);
    }

    public Optional<CatalogueItem> find(Gtin gtin) {
        Integer index = indexByGtin.get(gtin);
        return index == null ? Optional.empty() : Optional.of(items.get(index));
    }

    /** The product's index in {@link #items()}, or -1 when the catalogue does not list it. */
    public int indexOf(Gtin gtin) {
        Integer index = indexByGtin.get(gtin);
        return index == null ? -1 : index;
    }

    /** Products whose name, brand or category contains the text, ignoring case; all of them for blank text. */
    public List<CatalogueItem> search(String text) {
        if (text == null || text.isBlank()) {
            return items;
        }
        String needle = text.strip().toLowerCase(Locale.ROOT);
        List<CatalogueItem> result = new ArrayList<>();
        for (CatalogueItem item : items) {
            if (item.name().toLowerCase(Locale.ROOT).contains(needle)
                    || item.brand().toLowerCase(Locale.ROOT).contains(needle)
                    || item.category().toLowerCase(Locale.ROOT).contains(needle)) {
                result.add(item);
            }
        }
        return Collections.unmodifiableList(result);
    }
}
