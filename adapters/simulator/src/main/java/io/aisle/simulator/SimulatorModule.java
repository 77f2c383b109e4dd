package io.aisle.simulator;

import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A simulated partner protocol (or rider dispatch) served by the fleet server on its one port. The
 * server calls {@link #mount} once per event-loop instance it runs, always with a fresh router, so a
 * module keeps its state in shared, thread-safe objects (the {@link io.aisle.simulator.fleet.Fleet},
 * its own maps) and not in the routes. {@link #stats} is summed into {@code GET /sim/stats}.
 */
public interface SimulatorModule {

    /** Adds the module's routes (under its own path prefix, e.g. {@code /legacy-xml/...}). */
    void mount(Router router);

    /** Counters to add to {@code GET /sim/stats}, e.g. {@code trips}. Keys add up across modules. */
    default Map<String, Long> stats() {
        return Map.of();
    }

    /** Wraps a simulator that only offers a {@code mount(Router)} method and some counters. */
    static SimulatorModule of(Consumer<Router> mount, Supplier<Map<String, Long>> stats) {
        Objects.requireNonNull(mount, "mount");
        Objects.requireNonNull(stats, "stats");
        return new SimulatorModule() {
            @Override
            public void mount(Router router) {
                mount.accept(router);
            }

            @Override
            public Map<String, Long> stats() {
                return stats.get();
            }
        };
    }
}
