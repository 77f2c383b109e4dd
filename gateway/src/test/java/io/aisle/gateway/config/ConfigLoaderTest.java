package io.aisle.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.partner.PartnerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            postgres:
              host: db.internal
              database: aisle
              user: aisle
            redis:
              url: redis://cache.internal:6379/0
            riderDispatch:
              baseUrl: https://riders.example.test/api
              apiKey: rider-key
              signingSecret: a-long-rider-signing-secret
            chains:
              - chainId: aisle-mart
                kind: AISLE_PARTNER_API
                baseUrl: https://partner.example.test/aisle
                apiKey: partner-key
                signingSecret: a-long-partner-signing-secret
                callTimeoutMs: 180
            """;

    @Test
    void readsTheFileOverTheDefaults() throws IOException {
        GatewayConfig config = new ConfigLoader(Map.of()).load(write(VALID));

        assertEquals("db.internal", config.postgres().host());
        assertEquals(5432, config.postgres().port(), "unset keys keep their defaults");
        assertEquals(8080, config.http().port());
        assertEquals(Duration.ofMillis(300), config.quote().deadline());
        assertEquals(1, config.chains().size());
        assertEquals(PartnerKind.AISLE_PARTNER_API, config.chains().get(0).kind());
        assertEquals(Duration.ofMillis(180), config.chains().get(0).callTimeout());
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        GatewayConfig config = new ConfigLoader(Map.of(
                "AISLE_POSTGRES_HOST", "pg.prod",
                "AISLE_POSTGRES_PASSWORD", "s3cret",
                "AISLE_HTTP_PORT", "9090",
                "AISLE_QUOTE_DEADLINE_MS", "450",
                "AISLE_CHAIN_AISLE_MART_API_KEY", "rotated-key"))
                .load(write(VALID));

        assertEquals("pg.prod", config.postgres().host());
        assertEquals("s3cret", config.postgres().password());
        assertEquals(9090, config.http().port());
        assertEquals(Duration.ofMillis(450), config.quote().deadline());
        assertEquals("rotated-key", config.chains().get(0).apiKey());
    }

    @Test
    void tracesGoToACollectorWhenTheEnvironmentSaysSo() throws IOException {
        GatewayConfig defaults = new ConfigLoader(Map.of()).load(write(VALID));
        assertEquals("none", defaults.observability().tracesExporter(), "traces are exported only when asked");
        assertEquals(false, defaults.observability().metricsOpen(), "metrics are for operators unless opened");
        assertEquals(Duration.ofMinutes(2), defaults.observability().outboxReadyMaxLag());

        GatewayConfig config = new ConfigLoader(Map.of(
                "AISLE_OBSERVABILITY_TRACES_EXPORTER", "otlp",
                "AISLE_OBSERVABILITY_OTLP_ENDPOINT", "http://collector:4318/v1/traces",
                "AISLE_OBSERVABILITY_METRICS_OPEN", "true",
                "AISLE_OBSERVABILITY_TRACE_SAMPLE_RATIO", "0.1")).load(write(VALID));

        assertEquals("otlp", config.observability().tracesExporter());
        assertEquals("http://collector:4318/v1/traces", config.observability().otlpEndpoint());
        assertEquals(true, config.observability().metricsOpen());
        assertEquals(0.1, config.observability().traceSampleRatio());
    }

    @Test
    void refusesAnUnknownTraceExporterAndAnOpenFlagThatIsNotABoolean() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(
                "AISLE_OBSERVABILITY_TRACES_EXPORTER", "zipkin", "AISLE_OBSERVABILITY_METRICS_OPEN", "yes")).load(write(VALID)));

        assertTrue(e.getMessage().contains("observability.metricsOpen must be true or false, got 'yes'"), e.getMessage());
        assertTrue(e.getMessage().contains("observability.tracesExporter must be one of [none, logging, otlp], got zipkin"),
                e.getMessage());
    }

    @Test
    void reportsEveryMissingSettingAtOnceWithItsEnvironmentName() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(
                "AISLE_REDIS_URL", "", "AISLE_POSTGRES_USER", "")).load(write("http:\n  port: 8080\n")));

        String message = e.getMessage();
        assertTrue(message.contains("redis.url is required") && message.contains("AISLE_REDIS_URL"), message);
        assertTrue(message.contains("postgres.user is required"), message);
        assertTrue(message.contains("riderDispatch.baseUrl is required"), message);
        assertTrue(e.problems().size() >= 3, "all problems are listed, not just the first: " + e.problems());
    }

    @Test
    void refusesWrongTypesAndValuesWithTheSettingName() throws IOException {
        String bad = VALID.replace("callTimeoutMs: 180", "callTimeoutMs: soon")
                + "http:\n  port: 70000\nquote:\n  deadlineMs: abc\n";
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(bad)));

        assertTrue(e.getMessage().contains("http.port must be within [0, 65535], got 70000"), e.getMessage());
        assertTrue(e.getMessage().contains("quote.deadlineMs must be a whole number, got 'abc'"), e.getMessage());
        assertTrue(e.getMessage().contains("chains[0].callTimeoutMs must be a whole number"), e.getMessage());
    }

    @Test
    void refusesAnUnknownPartnerKindAndAChainWithoutSigningSecret() throws IOException {
        String bad = VALID.replace("kind: AISLE_PARTNER_API", "kind: FAX")
                + "  - chainId: other\n    kind: PUSH_ONLY\n";
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(bad)));

        assertTrue(e.getMessage().contains("chains[0].kind must be one of"), e.getMessage());
        assertTrue(e.getMessage().contains("chains[1].signingSecret is required"), e.getMessage());
    }

    @Test
    void namesAMissingFileAndBrokenYaml() throws IOException {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("nope.yaml does not exist"), missing.getMessage());

        ConfigException broken = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(write("postgres: [unclosed\n")));
        assertTrue(broken.getMessage().contains("is not valid YAML"), broken.getMessage());
    }

    @Test
    void turnsCamelCaseKeysIntoEnvironmentNames() {
        assertEquals("CONNECT_TIMEOUT_MS", ConfigLoader.snake("connectTimeoutMs"));
        assertEquals("RIDER_DISPATCH", ConfigLoader.snake("riderDispatch"));
        assertEquals("HOST", ConfigLoader.snake("host"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("aisle-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
