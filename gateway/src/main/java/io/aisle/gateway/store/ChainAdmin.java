package io.aisle.gateway.store;

import io.aisle.contracts.api.ChainSettings;
import io.aisle.contracts.partner.PartnerKind;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chains registered, changed, disabled and enabled by operators, without a restart. Settings are
 * checked whole (every offending member reported at once), credentials sealed before they are
 * stored, and every change is announced after its commit, so the next quote on any instance finds
 * the chain's adapter, quota and breaker profile in place ({@link StoreRegistry#whenChainsChange}).
 */
public final class ChainAdmin {

    /** What a registration leaves out: the registry's quota defaults, the built-in {@code partnerCalls}. */
    public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 500;
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS = 50;
    public static final int DEFAULT_MAX_WAIT_QUEUE = 200;
    public static final int DEFAULT_CALL_TIMEOUT_MS = 250;
    public static final String API_KEY = "apiKey";
    public static final String SIGNING_SECRET = "signingSecret";

    private final StoreRegistry registry;
    private final ChainCredentials credentials;
    private final Set<String> breakerProfiles;

    public ChainAdmin(StoreRegistry registry, ChainCredentials credentials, Set<String> breakerProfiles) {
        this.registry = registry;
        this.credentials = credentials;
        this.breakerProfiles = Set.copyOf(breakerProfiles);
    }

    public Future<List<RegisteredChain>> list() {
        return registry.registeredChains();
    }

    public Future<RegisteredChain> find(String chainId) {
        return registry.registeredChain(chainId).map(found -> found.orElseThrow(() -> new ChainRefused.Unknown(chainId)));
    }

    /** Registers a chain; fails {@link ChainRefused.Exists} when one of its id exists. */
    public Future<RegisteredChain> register(ChainSettings settings) {
        ChainSettings complete = withDefaults(settings);
        check(complete, settings.chainId());
        return registry.insertApiChain(row(complete))
                .map(inserted -> inserted.orElseThrow(() -> new ChainRefused.Exists(complete.chainId())));
    }

    /**
     * Changes what {@code change} gives of a chain registered through the API (what it leaves out, the
     * credentials among it, stays as it was).
     */
    public Future<RegisteredChain> update(String chainId, ChainSettings change) {
        if (change.chainId() != null && !change.chainId().equals(chainId)) {
            return Future.failedFuture(new ChainRefused.Invalid(chainId,
                    Map.of("/chainId", "a chain keeps its id: the body names " + change.chainId() + ", the path " + chainId)));
        }
        return find(chainId).compose(current -> {
            if (!current.managedByApi()) {
                throw new ChainRefused.Configured(chainId);
            }
            ChainSettings merged = settingsOf(current).with(change);
            check(merged, chainId);
            return registry.updateApiChain(row(merged));
        }).map(updated -> updated.orElseThrow(() -> new ChainRefused.Unknown(chainId)));
    }

    /** Disables ({@code false}) or enables a chain as a whole, whoever manages it. */
    public Future<RegisteredChain> setEnabled(String chainId, boolean enabled) {
        return registry.setChainEnabled(chainId, enabled).map(changed -> changed.orElseThrow(() -> new ChainRefused.Unknown(chainId)));
    }

    /** The credentials of a registered chain as they were given, for its adapter and callbacks. */
    public String apiKeyOf(RegisteredChain chain) {
        return credentials.open(chain.chainId(), API_KEY, chain.sealedApiKey());
    }

    public String signingSecretOf(RegisteredChain chain) {
        return credentials.open(chain.chainId(), SIGNING_SECRET, chain.sealedSigningSecret());
    }

    private void check(ChainSettings settings, String chainId) {
        Map<String, String> wrong = new LinkedHashMap<>(settings.violations());
        if (settings.breakerProfile() != null && !settings.breakerProfile().isBlank()
                && !breakerProfiles.contains(settings.breakerProfile())) {
            wrong.put("/breakerProfile", "no breaker profile " + settings.breakerProfile() + "; configured: "
                    + new java.util.TreeSet<>(breakerProfiles));
        }
        if (!wrong.isEmpty()) {
            throw new ChainRefused.Invalid(chainId, wrong);
        }
    }

    private static ChainSettings withDefaults(ChainSettings s) {
        ChainSettings defaults = new ChainSettings(s.chainId(), null, null, null, null, null, "default",
                DEFAULT_RATE_LIMIT_PER_SECOND, DEFAULT_MAX_CONCURRENT_CALLS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_WAIT_QUEUE,
                DEFAULT_CALL_TIMEOUT_MS);
        return defaults.with(s);
    }

    private ChainSettings settingsOf(RegisteredChain r) {
        Chain c = r.chain();
        return new ChainSettings(c.chainId(), c.name(), c.kind().name(), c.baseUrl(), apiKeyOf(r), signingSecretOf(r),
                c.breakerProfile(), c.rateLimitPerSecond(), c.maxConcurrentCalls(), r.maxConnections(), r.maxWaitQueue(),
                r.callTimeoutMs());
    }

    /** The registry row of checked settings, credentials sealed (a push-only chain is not called: no base URL needed). */
    private RegisteredChain row(ChainSettings s) {
        PartnerKind kind = ChainSettings.parseKind(s.kind());
        Chain chain = new Chain(s.chainId(), s.name(), kind, s.baseUrl(), s.breakerProfile(), s.rateLimitPerSecond(),
                s.maxConcurrentCalls());
        return new RegisteredChain(chain, true, true, s.maxConnections(), s.maxWaitQueue(), s.callTimeoutMs(),
                credentials.seal(s.chainId(), API_KEY, s.apiKey()), credentials.seal(s.chainId(), SIGNING_SECRET, s.signingSecret()),
                null, null);
    }
}
