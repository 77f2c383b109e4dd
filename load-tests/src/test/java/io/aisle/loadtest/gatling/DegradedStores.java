package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * Failing stores: quotes at kit.rate and orders at a quarter of it, healthy for the first third of
 * kit.seconds; then the fleet's control API ({@code POST /sim/faults}) gives kit.faults (default
 * {@code hang=10%}) of the stores their fault for the middle third; then {@code DELETE /sim/faults}
 * and the last third shows the recovery. Phases: healthy, faulted-first-10s, faulted-after-10s,
 * recovered. The stores faulted are in the run's notes; breakers opened on any other store count as
 * healthy stores' breakers opening.
 */
public class DegradedStores extends Simulation {

    private final Kit kit = new Kit(40, 90, 1);

    {
        kit.main("DegradedStores", "quote", "achieved over the run");
        String mix = Kit.setting("kit.faults", "hang=10%");
        double third = kit.seconds / 3.0;
        double ramp = Math.min(5, third / 4);
        kit.recorder.note("faults", mix);
        kit.recorder.phase("healthy", ramp, third, kit.rate);
        kit.recorder.phase("faulted-first-10s", third, Math.min(2 * third, third + 10), kit.rate);
        kit.recorder.phase("faulted-after-10s", third + 10, 2 * third, kit.rate);
        kit.recorder.phase("recovered", 2 * third, kit.seconds, kit.rate);
        var quotes = scenario("quotes").exec(feed(kit.orders(List.of())), kit.quote())
                .injectOpen(rampUsersPerSec(1).to(kit.rate).during(Duration.ofMillis((long) (ramp * 1000))),
                        constantUsersPerSec(kit.rate).during(Duration.ofMillis((long) ((kit.seconds - ramp) * 1000))).randomized());
        double orderRate = Math.max(1, kit.rate / 4);
        var orders = scenario("orders").exec(feed(kit.orders(List.of())), kit.placeOrder())
                .injectOpen(rampUsersPerSec(0.5).to(orderRate).during(Duration.ofMillis((long) (ramp * 1000))),
                        constantUsersPerSec(orderRate).during(Duration.ofMillis((long) ((kit.seconds - ramp) * 1000))).randomized());
        var chaos = scenario("faults").exec(
                        pause(Duration.ofMillis((long) (third * 1000))),
                        exec(http("POST /sim/faults").post(kit.fleet + "/sim/faults")
                                .body(StringBody("{\"mix\":\"" + mix + "\",\"seed\":" + kit.seed + "}"))
                                .check(status().is(200), jsonPath("$.stores[*]").findAll().saveAs("faulted"))),
                        exec(session -> {
                            List<String> faulted = session.contains("faulted") ? session.getList("faulted") : List.of();
                            kit.recorder.note("faultedStores", faulted.size());
                            return session;
                        }),
                        pause(Duration.ofMillis((long) (third * 1000))),
                        exec(http("DELETE /sim/faults").delete(kit.fleet + "/sim/faults").check(status().is(204))))
                .injectOpen(atOnceUsers(1));
        setUp(quotes, orders, chaos).protocols(kit.protocol()).maxDuration(kit.maxDuration(kit.seconds));
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
