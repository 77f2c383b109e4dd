package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/**
 * The baseline's load: {@code GET /fanout} on the bare fan-out server (kit.baseline), in kit.steps
 * levels up to kit.rate, after a 5 s warm-up. Its rate is the highest level it kept up with, measured the same way as the
 * gateway's (see KitReport): the ceiling of this machine for a fan-out to K stores, in this run.
 */
public class BareFanout extends Simulation {

    private final Kit kit = new Kit(3000, 40, 8);
    private final String baseline = Kit.setting("kit.baseline", "http://127.0.0.1:18070");

    {
        Kit.requireLoopback(baseline);
        kit.main("BareFanout", "fanout", "highest level kept up");
        // 5 s at a tenth of the first level warm the server and the fleet's connections; not a phase
        double warmup = 5;
        Kit.Profile levels = kit.stepped("fanout", kit.rate, kit.seconds, kit.steps, warmup);
        java.util.List<io.gatling.javaapi.core.OpenInjectionStep> steps = new java.util.ArrayList<>();
        steps.add(io.gatling.javaapi.core.CoreDsl.constantUsersPerSec(Math.max(1, kit.rate / kit.steps / 10))
                .during(java.time.Duration.ofSeconds((long) warmup)));
        steps.addAll(levels.steps());
        Kit.Profile profile = new Kit.Profile(steps, levels.endSeconds());
        setUp(scenario("BareFanout").exec(exec(session -> session.set("t0", System.nanoTime()).remove("status")),
                        exec(http("GET /fanout").get(baseline + "/fanout").check(status().saveAs("status"), status().is(200))),
                        exec(session -> {
                            kit.recorder.record("fanout", session.getLong("t0"), session.contains("status") ? session.getInt("status") : 0,
                                    null, java.util.List.of());
                            return session;
                        }))
                .injectOpen(profile.steps()))
                .protocols(kit.protocol())
                .maxDuration(java.time.Duration.ofSeconds((long) profile.endSeconds() + 30));
    }

    @Override
    public void before() {
        kit.recorder.start();
    }

    @Override
    public void after() {
        kit.recorder.write(kit.out);
    }
}
