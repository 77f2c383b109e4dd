package io.aisle.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Browsing: each arrival searches the catalogue ({@code GET /v1/catalog?q=}) and quotes a random
 * basket at an address over the city ({@code POST /v1/quotes}), at a constant arrival rate of
 * kit.rate (or in kit.steps levels up to it, to find the highest rate quotes keep up with).
 */
public class QuoteBrowse extends Simulation {

    private final Kit kit = new Kit(50, 60, 1);

    {
        kit.main("QuoteBrowse", "quote", kit.steps == 1 ? "achieved at the constant rate" : "highest level kept up");
        Kit.Profile profile = kit.stepped("quote", kit.rate, kit.seconds, kit.steps, 0);
        setUp(scenario("QuoteBrowse").exec(feed(kit.orders(List.of())), kit.searchCatalog(), kit.quote())
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
