package io.aisle.adapters.contract;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every partner played by WireMock shares: the server (response templating on, enough threads
 * for parallel calls), the chain's clock, the call timeout, and the fault stubs per store.
 */
public abstract class WireMockPartner implements PartnerUnderTest {

    protected final WireMockServer server;
    protected final TestClock clock = new TestClock(Instant.now());
    protected final Duration callTimeout;
    private final Map<String, List<StubMapping>> faultStubs = new ConcurrentHashMap<>();

    protected WireMockPartner(Duration callTimeout) {
        this.callTimeout = callTimeout;
        this.server = new WireMockServer(options().dynamicPort().templatingEnabled(true).globalTemplating(false).containerThreads(40));
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    /** Replaces the fault stubs of a store with these. */
    protected void faultsOf(String storeId, List<StubMapping> stubs) {
        removeFaults(storeId);
        faultStubs.put(storeId, stubs);
    }

    protected void removeFaults(String storeId) {
        List<StubMapping> stubs = faultStubs.remove(storeId);
        if (stubs != null) {
            stubs.forEach(server::removeStub);
        }
    }

    @Override
    public void clearFaults() {
        for (String storeId : List.copyOf(faultStubs.keySet())) {
            removeFaults(storeId);
        }
    }

    @Override
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public void close() {
        try {
            adapter().close().await(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            server.stop();
        }
    }
}
