package io.aisle.adapters.contract.pushonly;

import io.aisle.adapters.contract.PushOnlyChainContractTest;
import io.aisle.testing.TestRedis;
import io.vertx.core.Vertx;

/**
 * The push-only adapter against the simulated {@code pushfresh} chain of the fleet, whose real signed
 * pushes and pulls reach the gateway's ingest over HTTP: the same suite as against the scripted chain,
 * so the simulator and the adapter cannot drift apart.
 */
class PushOnlyAgainstSimulatorTest extends PushOnlyChainContractTest<SimulatedPushOnlyPartner> {

    @Override
    protected SimulatedPushOnlyPartner startPartner(Vertx vertx) {
        return new SimulatedPushOnlyPartner(vertx, TestRedis.freshDatabase());
    }
}
