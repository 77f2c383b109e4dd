package io.aisle.adapters.contract.pushonly;

import io.aisle.adapters.contract.PushOnlyChainContractTest;
import io.aisle.adapters.dispatch.EmbeddedRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The push-only adapter against the simulated {@code pushfresh} chain of the fleet, whose real signed
 * pushes and pulls reach the gateway's ingest over HTTP: the same suite as against the scripted chain,
 * so the simulator and the adapter cannot drift apart.
 */
@ExtendWith(VertxExtension.class)
class PushOnlyAgainstSimulatorTest extends PushOnlyChainContractTest {

    private static EmbeddedRedis redis;
    private static SimulatedPushOnlyPartner partner;

    @BeforeAll
    static void start(Vertx vertx) {
        redis = EmbeddedRedis.start();
        partner = new SimulatedPushOnlyPartner(vertx, redis.uri());
    }

    @AfterAll
    static void stop() {
        partner.close();
        redis.close();
    }

    @Override
    protected PushOnlyPartner partner() {
        return partner;
    }
}
