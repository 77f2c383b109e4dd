package io.aisle.gateway.partner;

import io.aisle.adapters.signing.HmacSigner;
import io.aisle.adapters.spi.ChainAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.gateway.isolation.Isolation;
import io.aisle.gateway.store.ChainAdmin;
import io.aisle.gateway.store.RegisteredChain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the chains registered through the admin API in place on this instance, as the registry has
 * them, whenever they change: builds the adapter (its own HTTP pool) of a new chain, replaces that of
 * a chain whose endpoint, credentials or pool changed (the old one is closed once calls under way on
 * it have had time to end), sets the chain's share of its quota and its breaker profile, and keeps
 * the signer of its callbacks. Chains of the configuration file keep the adapters built at start-up.
 * A chain that cannot be put in place is logged and left as it was; the others go on.
 */
public final class ChainSync {

    private static final Logger LOG = LoggerFactory.getLogger(ChainSync.class);
    /** How long a replaced adapter stays open for the calls still under way on it. */
    static final Duration RETIRE_AFTER = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final AdapterFactory factory;
    private final ChainAdapters adapters;
    private final Isolation isolation;
    private final ChainAdmin admin;
    private final IntSupplier instances;
    private final Clock clock;
    private final Map<String, ChainEndpoint> applied = new ConcurrentHashMap<>();
    private final Map<String, HmacSigner> signers = new ConcurrentHashMap<>();

    /** {@code instances}: how many gateway instances share each partner's quota now. */
    public ChainSync(Vertx vertx, AdapterFactory factory, ChainAdapters adapters, Isolation isolation, ChainAdmin admin,
                     IntSupplier instances, Clock clock) {
        this.vertx = vertx;
        this.factory = factory;
        this.adapters = adapters;
        this.isolation = isolation;
        this.admin = admin;
        this.instances = instances;
        this.clock = clock;
    }

    /** Applies every chain of the registry; never fails (a chain it cannot apply is logged). */
    public Future<Void> apply(List<RegisteredChain> chains) {
        for (RegisteredChain chain : chains) {
            try {
                if (chain.managedByApi()) {
                    applyEndpoint(chain);
                }
                int live = Math.max(1, instances.getAsInt());
                isolation.defineChain(chain.chainId(), chain.chain().breakerProfile(), share(chain.chain().maxConcurrentCalls(), live),
                        share(chain.chain().rateLimitPerSecond(), live));
            } catch (RuntimeException e) {
                LOG.warn("chain {} not put in place: {}", chain.chainId(), e.getMessage());
            }
        }
        return Future.succeededFuture();
    }

    /** The signer of the callbacks of a chain registered through the API, if this instance has it. */
    public Optional<HmacSigner> signer(String chainId) {
        return Optional.ofNullable(signers.get(chainId));
    }

    private void applyEndpoint(RegisteredChain chain) {
        ChainEndpoint endpoint = new ChainEndpoint(chain.chainId(), chain.chain().kind(), chain.chain().baseUrl(),
                admin.apiKeyOf(chain), admin.signingSecretOf(chain),
                or(chain.maxConnections(), ChainAdmin.DEFAULT_MAX_CONNECTIONS), or(chain.maxWaitQueue(), ChainAdmin.DEFAULT_MAX_WAIT_QUEUE),
                Duration.ofMillis(or(chain.callTimeoutMs(), ChainAdmin.DEFAULT_CALL_TIMEOUT_MS)));
        if (endpoint.equals(applied.get(chain.chainId()))) {
            return;
        }
        Optional<ChainAdapter> built = factory.create(endpoint);
        if (built.isEmpty()) {
            LOG.warn("chain {}: this build has no adapter for kind {}", chain.chainId(), endpoint.kind());
            return;
        }
        if (endpoint.signingSecret() != null && !endpoint.signingSecret().isBlank()) {
            signers.put(chain.chainId(), new HmacSigner(endpoint.signingSecret(), clock, HmacSigner.DEFAULT_TOLERANCE));
        }
        adapters.replace(endpoint, built.get()).ifPresent(this::retire);
        boolean replaced = applied.put(chain.chainId(), endpoint) != null;
        LOG.info("chain {} ({}) {} at {}", chain.chainId(), endpoint.kind(), replaced ? "changed" : "in place",
                endpoint.baseUrl() == null ? "(push-only)" : endpoint.baseUrl());
    }

    private void retire(ChainAdapter old) {
        vertx.setTimer(RETIRE_AFTER.toMillis(), id -> old.close().onFailure(failure ->
                LOG.debug("closing the replaced adapter of chain {}: {}", old.chainId(), failure.toString())));
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static int share(int total, int instances) {
        return Math.max(1, (total + instances - 1) / instances);
    }
}
