package io.aisle.adapters.contract.pushonly;

import io.aisle.adapters.contract.PushOnlyChainContractTest;
import io.aisle.adapters.dispatch.EmbeddedRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The push-only adapter against a chain the test plays itself, signing its pushes into the gateway's
 * ingest: the stub variant of the contract suite (a push-only chain is never called, so there is
 * nothing for WireMock to stand in for).
 */
@ExtendWith(VertxExtension.class)
class PushOnlyAgainstScriptedChainTest extends PushOnlyChainContractTest {

    private static EmbeddedRedis redis;
    private static ScriptedPushOnlyPartner partner;

    @BeforeAll
    static void start(Vertx vertx) {
        redis = EmbeddedRedis.start();
        partner = new ScriptedPushOnlyPartner(vertx, redis.uri());
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
