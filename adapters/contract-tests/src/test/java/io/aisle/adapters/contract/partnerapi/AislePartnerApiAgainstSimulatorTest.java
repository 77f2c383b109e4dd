package io.aisle.adapters.contract.partnerapi;

import io.aisle.adapters.contract.ChainAdapterContractTest;
import io.aisle.adapters.contract.SimulatedPartner;
import io.aisle.adapters.partnerapi.AislePartnerApiAdapter;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.simulator.fleet.FleetSpec;
import io.vertx.core.Vertx;

/** The Aisle partner API adapter against the simulated {@code aisle-mart} chain, over real HTTP. */
class AislePartnerApiAgainstSimulatorTest extends ChainAdapterContractTest<SimulatedPartner> {

    @Override
    protected SimulatedPartner startPartner(Vertx vertx) {
        String apiKey = FleetSpec.defaultChains().get(0).apiKey();
        return new SimulatedPartner(vertx, FleetSpec.AISLE_MART, 40, CALL_TIMEOUT, running -> AislePartnerApiAdapter.create(vertx,
                new ChainEndpoint(FleetSpec.AISLE_MART, PartnerKind.AISLE_PARTNER_API, running.partnerApiBaseUrl(), apiKey, null,
                        8, 32, CALL_TIMEOUT)));
    }
}
