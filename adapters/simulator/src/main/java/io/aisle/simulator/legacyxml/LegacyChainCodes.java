package io.aisle.simulator.legacyxml;

import io.aisle.adapters.legacyxml.PartnerCode;
import io.aisle.adapters.legacyxml.ProductCodeTable;
import io.aisle.adapters.legacyxml.ProductMapping;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The codes a simulated legacy chain uses instead of ours, derived deterministically from the fleet:
 * <ul>
 *   <li>item codes {@code <prefix>-DDSSSS}: a two-digit department per catalogue category (in order of
 *       first appearance, from 10) and a four-digit sequence within it, e.g. {@code JZ-110003};</li>
 *   <li>units: loose produce is counted in jin, two to our 1 kg unit ({@code partner_units_per_unit} 2),
 *       everything else each;</li>
 *   <li>branch codes {@code <prefix>NNNN}: the store's number within its chain, e.g. {@code JZ0001} for
 *       {@code jiuzhou-legacy-0001}.</li>
 * </ul>
 * Dev mode seeds the registry from these: {@link #productCodes(Fleet)} gives every legacy chain's rows
 * of {@code product_mappings}, {@link #branchOf(Store)} a store's {@code partner_store_id}. Immutable.
 */
public final class LegacyChainCodes {

    /** Jin in one of our units of loose produce (1 kg). */
    public static final int JIN_PER_LOOSE_UNIT = 2;

    private final String chainId;
    private final String prefix;
    private final Map<Gtin, PartnerCode> codeByGtin;
    private final Map<String, Gtin> gtinByCode;
    private final Map<String, String> branchByStore;
    private final Map<String, Store> storeByBranch;

    private LegacyChainCodes(Fleet fleet, ChainSpec chain) {
        this.chainId = chain.chainId();
        this.prefix = prefixOf(chain.chainId());
        Map<Gtin, PartnerCode> codes = new LinkedHashMap<>();
        Map<String, Gtin> gtins = new HashMap<>();
        Map<String, Integer> departments = new LinkedHashMap<>();
        Map<String, Integer> sequences = new HashMap<>();
        for (CatalogueItem item : fleet.catalogue().items()) {
            int department = departments.computeIfAbsent(item.category(), c -> 10 + departments.size());
            if (department > 99) {
                throw new IllegalStateException("more than 90 categories do not fit two-digit departments");
            }
            int sequence = sequences.merge(item.category(), 1, Integer::sum);
            String code = String.format(Locale.ROOT, "%s-%02d%04d", prefix, department, sequence);
            PartnerCode partnerCode = new PartnerCode(code, item.loose() ? JIN_PER_LOOSE_UNIT : 1);
            codes.put(item.gtin(), partnerCode);
            gtins.put(code, item.gtin());
        }
        this.codeByGtin = Collections.unmodifiableMap(codes);
        this.gtinByCode = Map.copyOf(gtins);
        List<Store> stores = fleet.storesOf(chainId);
        int width = Math.max(4, Integer.toString(stores.size()).length());
        Map<String, String> branches = new HashMap<>(stores.size() * 2);
        Map<String, Store> byBranch = new HashMap<>(stores.size() * 2);
        for (int i = 0; i < stores.size(); i++) {
            String branch = prefix + String.format(Locale.ROOT, "%0" + width + "d", i + 1);
            branches.put(stores.get(i).id(), branch);
            byBranch.put(branch, stores.get(i));
        }
        this.branchByStore = Map.copyOf(branches);
        this.storeByBranch = Map.copyOf(byBranch);
    }

    /** The codes of one legacy chain of the fleet. */
    public static LegacyChainCodes of(Fleet fleet, String chainId) {
        ChainSpec chain = fleet.chain(chainId).orElseThrow(() -> new IllegalArgumentException("no chain " + chainId + " in this fleet"));
        if (chain.kind() != PartnerKind.LEGACY_XML) {
            throw new IllegalArgumentException("chain " + chainId + " speaks " + chain.kind() + ", not the legacy XML API");
        }
        return new LegacyChainCodes(fleet, chain);
    }

    /** The codes of every legacy chain of the fleet, in the spec's order. */
    public static List<LegacyChainCodes> ofFleet(Fleet fleet) {
        List<LegacyChainCodes> result = new ArrayList<>();
        for (ChainSpec chain : fleet.chains().values()) {
            if (chain.kind() == PartnerKind.LEGACY_XML) {
                result.add(new LegacyChainCodes(fleet, chain));
            }
        }
        return result;
    }

    /** Every legacy chain's {@code product_mappings} rows, as a mapping the adapter can use directly. */
    public static ProductCodeTable productCodes(Fleet fleet) {
        List<ProductMapping> rows = new ArrayList<>();
        for (LegacyChainCodes chain : ofFleet(fleet)) {
            rows.addAll(chain.productMappings());
        }
        return new ProductCodeTable(rows);
    }

    /** {@code JZ} for the default Jiuzhou chain; otherwise the initials of the chain id's words (at least two letters). */
    static String prefixOf(String chainId) {
        if (FleetSpec.JIUZHOU_LEGACY.equals(chainId)) {
            return "JZ";
        }
        StringBuilder initials = new StringBuilder();
        for (String word : chainId.split("-")) {
            if (!word.isEmpty() && Character.isLetter(word.charAt(0))) {
                initials.append(word.charAt(0));
            }
        }
        if (initials.length() < 2) {
            String letters = chainId.replaceAll("[^A-Za-z]", "");
            initials = new StringBuilder(letters.length() >= 2 ? letters.substring(0, 2) : "LX");
        }
        return initials.toString().toUpperCase(Locale.ROOT);
    }

    public String chainId() {
        return chainId;
    }

    /** The chain's letters in front of its item and branch codes, e.g. {@code JZ}. */
    public String prefix() {
        return prefix;
    }

    /** The chain's code for a product of the catalogue. */
    public Optional<PartnerCode> code(Gtin gtin) {
        return Optional.ofNullable(codeByGtin.get(gtin));
    }

    /** The product of one of the chain's item codes. */
    public Optional<Gtin> gtin(String code) {
        return Optional.ofNullable(gtinByCode.get(code));
    }

    /** The branch code of one of the chain's stores: its {@code partner_store_id}. */
    public String branchOf(Store store) {
        String branch = branchByStore.get(store.id());
        if (branch == null) {
            throw new IllegalArgumentException(store.id() + " is not a store of chain " + chainId);
        }
        return branch;
    }

    /** The store of a branch code of this chain. */
    public Optional<Store> store(String branch) {
        return Optional.ofNullable(branch == null ? null : storeByBranch.get(branch));
    }

    /** The chain's rows of {@code product_mappings}, in catalogue order. */
    public List<ProductMapping> productMappings() {
        List<ProductMapping> rows = new ArrayList<>(codeByGtin.size());
        codeByGtin.forEach((gtin, code) -> rows.add(new ProductMapping(chainId, gtin, code)));
        return rows;
    }
}
