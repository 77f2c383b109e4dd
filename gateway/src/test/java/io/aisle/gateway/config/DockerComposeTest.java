package io.aisle.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.partner.PartnerKind;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked instead: it is valid
 * against the Compose Specification, the gateway service's config file plus its environment is
 * a configuration the gateway accepts, pointing at the services the file defines, and the gateway and
 * the fleet each run their own artifact: the lean production jar, and the fleet's jar.
 */
class DockerComposeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void isValidAgainstTheComposeSpecification() throws IOException {
        Path schemaFile = ROOT.resolve("../shared/data/compose-spec.json").normalize();
        assumeTrue(Files.exists(schemaFile), "the Compose Specification schema lies beside the repository: " + schemaFile);
        JsonObject schema = new JsonObject(Files.readString(schemaFile));
        JsonObject compose = new JsonObject(YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).toString());

        OutputUnit result = Validator.create(JsonSchema.of(schema),
                        new JsonSchemaOptions().setDraft(Draft.DRAFT7).setOutputFormat(OutputFormat.Basic).setBaseUri("https://aisle.dev/compose/"))
                .validate(compose);

        assertTrue(result.getValid(), () -> "docker-compose.yml breaks the Compose Specification: " + result.getErrors());
    }

    @Test
    void gatewayServiceConfigurationIsAcceptedAndPointsAtTheComposeServices() throws IOException {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.path("services");
        assertTrue(services.has("postgres") && services.has("redis") && services.has("gateway") && services.has("fleet"),
                "compose runs postgres, redis, the gateway and the fleet simulator");
        JsonNode gateway = services.path("gateway");
        assertEquals("start", gateway.path("command").path(0).asText(), "the gateway runs in production mode");

        Map<String, String> env = new HashMap<>();
        gateway.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        GatewayConfig config = new ConfigLoader(env).load(ROOT.resolve("gateway/config/aisle.compose.yaml"));

        assertEquals("postgres", config.postgres().host());
        assertEquals(services.path("postgres").path("environment").path("POSTGRES_DB").asText(), config.postgres().database());
        assertEquals(services.path("postgres").path("environment").path("POSTGRES_USER").asText(), config.postgres().user());
        assertEquals(services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText(), config.postgres().password());
        assertEquals("redis", URI.create(config.redis().url()).getHost());

        String fleetPort = services.path("fleet").path("environment").path("AISLE_FLEET_PORT").asText();
        assertEquals("fleet:" + fleetPort, URI.create(config.riderDispatch().baseUrl()).getAuthority());
        assertEquals(3, config.chains().size(), "one chain of each partner kind");
        for (ChainEndpoint chain : config.chains()) {
            if (chain.kind() != PartnerKind.PUSH_ONLY) {
                assertEquals("fleet:" + fleetPort, URI.create(chain.baseUrl()).getAuthority(), chain.chainId());
            }
        }
        assertEquals(String.valueOf(config.http().port()), gateway.path("ports").path(0).asText().split(":")[1]);
        assertEquals("http://gateway:" + config.http().port(),
                services.path("fleet").path("environment").path("AISLE_FLEET_GATEWAY_URL").asText(),
                "the fleet pushes stock and rider events to the gateway");
    }

    @Test
    void composeChainsUseTheKeysTheSimulatedFleetExpects() throws IOException {
        GatewayConfig config = new ConfigLoader(Map.of()).load(ROOT.resolve("gateway/config/aisle.compose.yaml"));
        for (io.aisle.simulator.fleet.ChainSpec simulated : io.aisle.simulator.fleet.FleetSpec.defaultChains()) {
            ChainEndpoint endpoint = config.chains().stream().filter(c -> c.chainId().equals(simulated.chainId())).findFirst()
                    .orElseThrow(() -> new AssertionError("compose config lacks chain " + simulated.chainId()));
            assertEquals(simulated.kind(), endpoint.kind());
            assertEquals(simulated.signingSecret(), endpoint.signingSecret(), simulated.chainId());
            if (simulated.kind() != PartnerKind.PUSH_ONLY) {
                assertEquals(simulated.apiKey(), endpoint.apiKey(), simulated.chainId());
            }
        }
    }

    @Test
    void gatewayRunsTheLeanProductionJarAndTheFleetItsOwn() throws IOException {
        JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        assertRuns(services.path("gateway"), "gateway/Dockerfile", "gateway/target/aisle-gateway-server.jar");
        assertRuns(services.path("fleet"), "adapters/simulator/Dockerfile", "adapters/simulator/target/aisle-fleet.jar");
        assertNotEquals(services.path("gateway").path("image").asText(), services.path("fleet").path("image").asText(),
                "the gateway's image is not the fleet's");
    }

    /** The service builds its image from {@code dockerfile}, which builds {@code jar} from all the modules and runs it as it is. */
    private static void assertRuns(JsonNode service, String dockerfile, String jar) throws IOException {
        assertEquals(".", service.path("build").path("context").asText(), "built from the repository root");
        assertEquals(dockerfile, service.path("build").path("dockerfile").asText());
        assertTrue(service.path("entrypoint").isMissingNode(), "the image's own entrypoint runs: " + service);
        String file = Files.readString(ROOT.resolve(dockerfile));
        String jarName = jar.substring(jar.lastIndexOf('/') + 1);
        assertTrue(file.contains("COPY --from=build /src/" + jar + " /app/" + jarName), dockerfile + " copies " + jar);
        assertTrue(file.contains("\"-jar\", \"/app/" + jarName + "\"]"), dockerfile + " runs " + jarName);
        // Maven reads every module the root pom lists, so the build stage needs each one's top-level folder
        Matcher module = Pattern.compile("<module>([^</]+)").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (module.find()) {
            assertTrue(file.contains("COPY " + module.group(1) + " " + module.group(1)), dockerfile + " copies " + module.group(1));
        }
    }
}
