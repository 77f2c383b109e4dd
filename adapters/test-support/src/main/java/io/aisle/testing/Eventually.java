package io.aisle.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in a test for what happens on other threads or in other processes: the condition is
 * looked at every 20 ms until it holds, and the test fails naming what never happened once the
 * patience is spent. {@code eventually("the order is confirmed", () -> ...)}.
 */
public final class Eventually {

    /** How long {@link #eventually(String, BooleanSupplier)} waits unless told otherwise. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails the test with {@code what} when it does not within {@link #PATIENCE}. */
    public static void eventually(String what, BooleanSupplier condition) {
        eventually(PATIENCE, what, condition);
    }

    /** Waits until {@code condition} holds; fails the test with {@code what} when it does not within {@code patience}. */
    public static void eventually(Duration patience, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + patience.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    /** As {@link #eventually(String, BooleanSupplier)}, and yields the value that passed the test. */
    public static <T> T eventually(String what, Supplier<T> value, Predicate<T> test) {
        AtomicReference<T> last = new AtomicReference<>();
        eventually(what, () -> {
            T current = value.get();
            last.set(current);
            return test.test(current);
        });
        return last.get();
    }
}
