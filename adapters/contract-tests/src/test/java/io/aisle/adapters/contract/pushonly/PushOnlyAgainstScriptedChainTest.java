package io.aisle.adapters.contract.pushonly;

import io.aisle.adapters.contract.PushOnlyChainContractTest;
import io.aisle.testing.TestRedis;
import io.vertx.core.Vertx;

/**
 * The push-only adapter against a chain the test plays itself, signing its pushes into the gateway's
 * ingest: the stub variant of the contract suite (a push-only chain is never called, so there is
 * nothing for WireMock to stand in for).
 */
class PushOnlyAgainstScriptedChainTest extends PushOnlyChainContractTest<ScriptedPushOnlyPartner> {

    @Override
    protected ScriptedPushOnlyPartner startPartner(Vertx vertx) {
        return new ScriptedPushOnlyPartner(vertx, TestRedis.freshDatabase());
    }
}
