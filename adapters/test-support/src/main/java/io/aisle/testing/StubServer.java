package io.aisle.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A partner played by WireMock stubs, as every such test double needs it: a server on a free port
 * with response templating for the stubs that ask for it and enough threads for parallel calls;
 * stubs kept per key (a store's faults, say) so they can be replaced or dropped together; and the
 * state of the scenarios the stubs move through (a store's hold taken, released, expired).
 */
public final class StubServer implements AutoCloseable {

    private final WireMockServer server;
    private final Map<String, List<StubMapping>> stubsByKey = new ConcurrentHashMap<>();

    private StubServer(WireMockServer server) {
        this.server = server;
    }

    public static StubServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().templatingEnabled(true).globalTemplating(false).containerThreads(40));
        server.start();
        return new StubServer(server);
    }

    public WireMockServer wireMock() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Replaces the stubs kept under {@code key} with these (already added to the server). */
    public void replaceStubs(String key, List<StubMapping> stubs) {
        removeStubs(key);
        stubsByKey.put(key, List.copyOf(stubs));
    }

    /** Removes the stubs kept under {@code key} from the server. */
    public void removeStubs(String key) {
        List<StubMapping> stubs = stubsByKey.remove(key);
        if (stubs != null) {
            stubs.forEach(server::removeStub);
        }
    }

    /** Removes every stub kept under a key; the others stay. */
    public void removeKeyedStubs() {
        List.copyOf(stubsByKey.keySet()).forEach(this::removeStubs);
    }

    /** The state of a scenario; {@link Scenario#STARTED} for one no stub has moved yet. */
    public String scenarioState(String scenario) {
        return server.getAllScenarios().getScenarios().stream()
                .filter(s -> s.getName().equals(scenario))
                .map(Scenario::getState)
                .findFirst()
                .orElse(Scenario.STARTED);
    }

    /** Moves every scenario in state {@code from} that {@code due} accepts (by name) to state {@code to}. */
    public void moveScenarios(String from, String to, Predicate<String> due) {
        for (Scenario scenario : server.getAllScenarios().getScenarios()) {
            if (from.equals(scenario.getState()) && due.test(scenario.getName())) {
                server.setScenarioState(scenario.getName(), to);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
