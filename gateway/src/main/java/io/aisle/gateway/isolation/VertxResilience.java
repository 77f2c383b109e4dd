package io.aisle.gateway.isolation;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The bridge between Resilience4j (which has no Vert.x module) and Vert.x futures: asks the breaker
 * for permission without blocking, times the call and reports its outcome. Never waits: a refused
 * permission is an immediately failed future.
 */
public final class VertxResilience {

    /** Every outcome is the store's own. */
    static final BiPredicate<Long, Throwable> ALWAYS_THE_STORES = (startNanos, failure) -> false;

    private VertxResilience() {
    }

    /** Runs {@code call} if the breaker permits it, reporting success or failure to the breaker. */
    public static <T> Future<T> executeFuture(CircuitBreaker breaker, Supplier<Future<T>> call) {
        return executeFuture(breaker, call, ALWAYS_THE_STORES);
    }

    /**
     * As {@link #executeFuture(CircuitBreaker, Supplier)}, but an outcome for which {@code notTheStores}
     * holds (given the call's start, {@link System#nanoTime()}, and its failure or null) is not reported:
     * the permission is released, the breaker learns nothing from it.
     */
    public static <T> Future<T> executeFuture(CircuitBreaker breaker, Supplier<Future<T>> call,
                                              BiPredicate<Long, Throwable> notTheStores) {
        return execute(breaker, call, notTheStores, true);
    }

    /**
     * As {@link #executeFuture(CircuitBreaker, Supplier, BiPredicate)} for a read of what a store pushed
     * earlier: its time is spent in our own Redis and event loops, never at the store, so a success is
     * reported as instant (a slow read never counts as the store's slow call); failures count as usual.
     */
    public static <T> Future<T> executeRead(CircuitBreaker breaker, Supplier<Future<T>> read,
                                            BiPredicate<Long, Throwable> notTheStores) {
        return execute(breaker, read, notTheStores, false);
    }

    private static <T> Future<T> execute(CircuitBreaker breaker, Supplier<Future<T>> call, BiPredicate<Long, Throwable> notTheStores,
                                         boolean timeSuccesses) {
        if (!breaker.tryAcquirePermission()) {
            return Future.failedFuture(new Rejection(Rejection.Reason.CIRCUIT_OPEN, breaker.getName()));
        }
        long start = System.nanoTime();
        Future<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return Future.failedFuture(e);
        }
        return result.andThen(outcome -> {
            long elapsed = System.nanoTime() - start;
            if (notTheStores.test(start, outcome.cause())) {
                breaker.releasePermission();
            } else if (outcome.succeeded()) {
                breaker.onSuccess(timeSuccesses ? elapsed : 0, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, outcome.cause());
            }
        });
    }
}
