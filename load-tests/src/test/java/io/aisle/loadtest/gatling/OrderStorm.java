package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * An order storm: the arrival rate of {@code POST /v1/orders} (unique Idempotency-Key, random baskets
 * of 1-8 catalogue products, addresses over the city) climbs in kit.steps levels (5 by default) to
 * kit.rate; a sample of the created orders is then followed to DELIVERED. The rate it reports is
 * the highest level it kept up with (see KitReport).
 */
public class OrderStorm extends Simulation {

    private final Kit kit = new Kit(20, 60, 5);

    {
        kit.main("OrderStorm", "order", "highest level kept up");
        Kit.Profile profile = kit.stepped("order", kit.rate, kit.seconds, kit.steps, 0);
        setUp(scenario("OrderStorm").exec(feed(kit.orders(List.of())), kit.placeOrder(), kit.followToDelivered())
                .injectOpen(profile.steps()))
                .protocols(kit.protocol())
                .maxDuration(kit.maxDuration(profile.endSeconds()));
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
