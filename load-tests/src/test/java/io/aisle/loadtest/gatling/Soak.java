package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * A soak: orders at a constant kit.rate for kit.seconds (30 minutes by default; bounded, not in CI),
 * with quotes at the same rate beside them. Every minute is a phase ({@code minute-01}, ...), so the
 * report shows whether the last minute's latency is the first minute's (an order must not cost more
 * as history grows); run.sh samples the gateway's heap after GC every minute.
 */
public class Soak extends Simulation {

    private final Kit kit = new Kit(20, 1800, 1);

    {
        kit.main("Soak", "order", "achieved over the run");
        double ramp = Math.min(10, Math.floor(kit.seconds / 4.0));
        for (int minute = 0; minute * 60 < kit.seconds; minute++) {
            kit.recorder.phase(String.format("minute-%02d", minute + 1), Math.max(ramp, minute * 60), Math.min(kit.seconds, (minute + 1) * 60), kit.rate);
        }
        var orders = scenario("orders").exec(feed(kit.orders(List.of())), kit.placeOrder(), kit.followToDelivered())
                .injectOpen(rampUsersPerSec(1).to(kit.rate).during(Duration.ofMillis((long) (ramp * 1000))),
                        constantUsersPerSec(kit.rate).during(Duration.ofMillis((long) ((kit.seconds - ramp) * 1000))).randomized());
        var quotes = scenario("quotes").exec(feed(kit.orders(List.of())), kit.quote())
                .injectOpen(rampUsersPerSec(1).to(kit.rate).during(Duration.ofMillis((long) (ramp * 1000))),
                        constantUsersPerSec(kit.rate).during(Duration.ofMillis((long) ((kit.seconds - ramp) * 1000))).randomized());
        setUp(orders, quotes).protocols(kit.protocol()).maxDuration(kit.maxDuration(kit.seconds));
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
