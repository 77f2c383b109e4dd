package io.aisle.gateway.observability;

import io.aisle.gateway.isolation.Isolation;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Breaker states aggregated by chain: how many of a chain's stores this instance holds a breaker for
 * in each state ({@code aisle.breaker.stores}), and how many transitions it saw
 * ({@code aisle.breaker.transitions}, its own and those shared by other instances). One breaker per
 * store would be 7,000 series; these are a few per chain. Counts are kept up to date from the
 * breakers' events, so a scrape reads numbers and walks nothing.
 */
public final class BreakerStates {

    /** The states always exported for a chain (others appear once a breaker of the chain is in them). */
    static final List<CircuitBreaker.State> USUAL = List.of(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN,
            CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.FORCED_OPEN);

    private final MeterRegistry registry;
    private final Isolation isolation;
    private final Map<String, Map<CircuitBreaker.State, AtomicLong>> counts = new ConcurrentHashMap<>();
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();

    public BreakerStates(MeterRegistry registry, Isolation isolation) {
        this.registry = registry;
        this.isolation = isolation;
    }

    /** Starts counting: the breakers that exist and every one made from now on. */
    public BreakerStates start() {
        isolation.onBreakerCreated(this::watch);
        isolation.onBreakerRemoved(breaker -> count(chainOf(breaker), breaker.getState()).decrementAndGet());
        return this;
    }

    private void watch(CircuitBreaker breaker) {
        String chain = chainOf(breaker);
        count(chain, breaker.getState()).incrementAndGet();
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            count(chain, transition.getFromState()).decrementAndGet();
            count(chain, transition.getToState()).incrementAndGet();
            transitions.computeIfAbsent(chain + '\n' + transition.getToState(), key -> Counter.builder("aisle.breaker.transitions")
                    .description("Store breaker transitions on this instance, by chain and the state entered")
                    .tag("chain", chain).tag("to", transition.getToState().name())
                    .register(registry)).increment();
        });
    }

    private String chainOf(CircuitBreaker breaker) {
        String chain = isolation.chainOf(breaker.getName());
        return chain.isEmpty() ? "unknown" : chain;
    }

    private AtomicLong count(String chain, CircuitBreaker.State state) {
        Map<CircuitBreaker.State, AtomicLong> ofChain = counts.computeIfAbsent(chain, c -> {
            Map<CircuitBreaker.State, AtomicLong> states = new ConcurrentHashMap<>();
            for (CircuitBreaker.State usual : USUAL) {
                states.put(usual, gauge(c, usual));
            }
            return states;
        });
        return ofChain.computeIfAbsent(state, s -> gauge(chain, s));
    }

    private AtomicLong gauge(String chain, CircuitBreaker.State state) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("aisle.breaker.stores", value, AtomicLong::get)
                .description("Stores of a chain whose breaker on this instance is in a state")
                .tag("chain", chain).tag("state", state.name())
                .register(registry);
        return value;
    }
}
