package io.aisle.gateway.allocation;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Money;

/**
 * How a basket may be split: at most {@code maxStores} stores (1 to 5), prices in {@code currency}, and the
 * lockdown rules in force.
 */
public record AllocationRules(int maxStores, String currency, LockdownRules lockdown) {

    public static final int DEFAULT_MAX_STORES = 2;
    public static final int MAX_STORES_LIMIT = 5;
    public static final AllocationRules DEFAULTS = of(DEFAULT_MAX_STORES);

    public AllocationRules {
        if (maxStores < 1 || maxStores > MAX_STORES_LIMIT) {
            throw new IllegalArgumentException("maxStores must be within [1, " + MAX_STORES_LIMIT + "], got " + maxStores);
        }
        Money.zero(Checks.requireNonNull(currency, "currency"));
        if (lockdown == null) {
            lockdown = LockdownRules.NONE;
        }
        lockdown.priceCeilings().forEach((gtin, ceiling) -> {
            if (!ceiling.currency().equals(currency)) {
                throw new IllegalArgumentException("price ceiling of gtin " + gtin + " is in " + ceiling.currency() + ", not " + currency);
            }
        });
    }

    /** At most {@code maxStores} stores, prices in CNY, no lockdown rules. */
    public static AllocationRules of(int maxStores) {
        return new AllocationRules(maxStores, Money.CNY, LockdownRules.NONE);
    }

    public AllocationRules withLockdown(LockdownRules rules) {
        return new AllocationRules(maxStores, currency, rules);
    }
}
