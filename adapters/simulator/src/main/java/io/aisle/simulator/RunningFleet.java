package io.aisle.simulator;

import io.aisle.simulator.fleet.Fleet;
import io.aisle.simulator.partnerapi.PartnerApiSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** A fleet being served: where it listens, the fleet itself (for in-process inspection), and how to stop it. */
public record RunningFleet(Vertx vertx, Fleet fleet, String host, int port, List<String> deploymentIds) {

    public RunningFleet {
        deploymentIds = List.copyOf(deploymentIds);
    }

    /** {@code http://host:port}, the base of {@code /sim/...}. */
    public String baseUrl() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + shown + ":" + port;
    }

    /** The base URL of the Aisle partner API chains, as a ChainEndpoint's {@code baseUrl}. */
    public String partnerApiBaseUrl() {
        return baseUrl() + PartnerApiSimulator.PREFIX;
    }

    /** Stops serving (the fleet's state stays as it is). */
    public Future<Void> stop() {
        return Future.all(deploymentIds.stream().map(vertx::undeploy).toList()).mapEmpty();
    }
}
