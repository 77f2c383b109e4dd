package io.aisle.gateway;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for Vert.x futures from the JVM's main thread and its shutdown hook, to start and stop
 * the process. Never called on an event loop: everything there composes futures instead.
 */
public final class MainThread {

    private static final Logger LOG = LoggerFactory.getLogger(MainThread.class);

    private MainThread() {
    }

    /** The future's result; its failure rethrown as it is (or wrapped, when checked). */
    public static <T> T await(Future<T> future, Duration limit) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("did not finish within " + limit.toSeconds() + " s", e);
        }
    }

    /** Waits for a shutdown step; a failure or a timeout is logged, not thrown, so the next step still runs. */
    public static void awaitQuietly(Future<?> future, Duration limit) {
        try {
            await(future, limit);
        } catch (RuntimeException e) {
            LOG.warn("shutdown step did not finish cleanly: {}", e.toString());
        }
    }
}
