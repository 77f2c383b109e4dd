package io.aisle.adapters.contract.partnerapi;

import io.aisle.adapters.contract.ChainAdapterContractTest;
import io.aisle.adapters.contract.PartnerUnderTest;
import io.aisle.adapters.contract.SimulatedPartner;
import io.aisle.adapters.partnerapi.AislePartnerApiAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.simulator.fleet.FleetSpec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Aisle partner API adapter against the simulated {@code aisle-mart} chain, over real HTTP. */
@ExtendWith(VertxExtension.class)
class AislePartnerApiAgainstSimulatorTest extends ChainAdapterContractTest {

    private static final Duration CALL_TIMEOUT = Duration.ofMillis(750);
    private static SimulatedPartner partner;

    @BeforeAll
    static void startTheFleet(Vertx vertx) {
        String apiKey = FleetSpec.defaultChains().get(0).apiKey();
        partner = new SimulatedPartner(vertx, FleetSpec.AISLE_MART, 40, CALL_TIMEOUT, running -> AislePartnerApiAdapter.create(vertx,
                new ChainEndpoint(FleetSpec.AISLE_MART, PartnerKind.AISLE_PARTNER_API, running.partnerApiBaseUrl(), apiKey, null,
                        8, 32, CALL_TIMEOUT)));
    }

    @AfterAll
    static void stopTheFleet() {
        partner.close();
    }

    @Override
    protected PartnerUnderTest partner() {
        return partner;
    }
}
