package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * A surge: orders at kit.rate, then the arrival rate jumps five-fold for a minute (kit.surgeSeconds,
 * at most half the run) with baskets of rice, flour, eggs, oil and masks, then falls back to kit.rate.
 * Phases: before, surge, after. The rate reported is the orders created per second during the surge;
 * how much of the surge was turned away, and how (429/503 with Retry-After or otherwise), is in the
 * errors by status and problem type.
 */
public class Surge extends Simulation {

    private final Kit kit = new Kit(10, 180, 1);

    {
        kit.main("Surge", "order", "achieved during the surge");
        double surge = Math.min(Double.parseDouble(Kit.setting("kit.surgeSeconds", "60")), kit.seconds / 2.0);
        double before = (kit.seconds - surge) / 2;
        double after = kit.seconds - surge - before;
        double ramp = Math.min(5, before / 4);
        kit.recorder.phase("before", ramp, before, kit.rate);
        kit.recorder.phase("surge", before, before + surge, 5 * kit.rate);
        kit.recorder.phase("after", before + surge, kit.seconds, kit.rate);
        var steady = scenario("orders").exec(feed(kit.orders(List.of())), kit.placeOrder(), kit.followToDelivered())
                .injectOpen(rampUsersPerSec(1).to(kit.rate).during(Duration.ofMillis((long) (ramp * 1000))),
                        constantUsersPerSec(kit.rate).during(Duration.ofMillis((long) ((kit.seconds - ramp) * 1000))).randomized());
        // the extra four-fold on top of the steady rate: staples only
        var staples = scenario("staples").exec(feed(kit.orders(List.of("rice", "flour", "eggs", "cooking-oil", "masks", "noodles"))),
                        kit.placeOrder())
                .injectOpen(io.gatling.javaapi.core.CoreDsl.nothingFor(Duration.ofMillis((long) (before * 1000))),
                        constantUsersPerSec(4 * kit.rate).during(Duration.ofMillis((long) (surge * 1000))).randomized());
        setUp(steady, staples).protocols(kit.protocol()).maxDuration(kit.maxDuration(kit.seconds));
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
