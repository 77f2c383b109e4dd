package io.aisle.gateway.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.gateway.testing.ContractCheck;
import io.aisle.testing.JavaProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as an operator runs it from the dev jar: its own process, its exit codes, its messages, its children. */
class LauncherProcessTest {

    private static final Pattern SERVERS = Pattern.compile("Embedded PostgreSQL on 127.0.0.1:(\\d+) .*Redis on redis://127.0.0.1:(\\d+)");
    private static final Pattern READY = Pattern.compile("Aisle dev mode ready on http://localhost:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void startFailsFastNamingTheMissingConfigFile() throws Exception {
        Process process = java("start", "--config", dir.resolve("missing.yaml").toString());
        String output = readAll(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "start gives up instead of hanging");
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("missing.yaml does not exist"), output);
    }

    @Test
    void startFailsFastListingMissingSettings() throws Exception {
        Path config = dir.resolve("aisle.yaml");
        Files.writeString(config, "postgres:\n  host: 127.0.0.1\n");
        Process process = java("start", "--config", config.toString());
        String output = readAll(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("riderDispatch.baseUrl is required"), output);
        assertFalse(output.contains("Exception"), "a configuration mistake is a message, not a stack trace: " + output);
    }

    @Test
    void unknownModePrintsUsage() throws Exception {
        Process process = java("fly");
        String output = readAll(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("usage: java -jar aisle-gateway.jar dev"), output);
    }

    @Test
    void devModeServesReadinessAndLeavesNoServerProcessesWhenStopped() throws Exception {
        Process process = java("dev", "--port", "0", "--fleet-port", "0", "--stores", "60");
        List<String> lines = new ArrayList<>();
        Integer port = null;
        int pgPort = -1;
        int redisPort = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                Matcher servers = SERVERS.matcher(line);
                if (servers.find()) {
                    pgPort = Integer.parseInt(servers.group(1));
                    redisPort = Integer.parseInt(servers.group(2));
                }
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    port = Integer.parseInt(ready.group(1));
                    break;
                }
            }
            assertNotNull(port, "dev mode printed its ready line: " + String.join("\n", lines));

            HttpResponse<String> readiness = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, readiness.statusCode(), readiness.body());
            ContractCheck.documents().check("GET", "/health/ready", readiness.statusCode(),
                    name -> readiness.headers().firstValue(name).orElse(null), readiness.body().getBytes(StandardCharsets.UTF_8));

            // Redis runs as a child of the JVM; pg_ctl detaches PostgreSQL, so find that one by its port
            List<ProcessHandle> servers = new ArrayList<>(process.descendants().toList());
            servers.addAll(postgresOn(pgPort));
            assertTrue(servers.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("postgres")),
                    "dev mode runs a real PostgreSQL server: " + describe(servers));
            assertTrue(servers.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("redis")),
                    "dev mode runs a real Redis server: " + describe(servers));

            process.destroy(); // SIGTERM, as Ctrl-C or a process manager would
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "dev mode stops on SIGTERM");
            for (ProcessHandle server : servers) {
                server.onExit().get(30, TimeUnit.SECONDS);
                assertFalse(server.isAlive(), "left behind: " + server.info().commandLine().orElse("?"));
            }
            assertTrue(postgresOn(pgPort).isEmpty(), "no PostgreSQL is left on the dev port");
            assertFalse(accepts(redisPort), "nothing listens on the dev Redis port any more");
        } finally {
            // SIGTERM first, so dev mode stops its servers even when an assertion failed half-way
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static List<ProcessHandle> postgresOn(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    String commandLine = p.info().commandLine().orElse("");
                    return commandLine.contains("postgres") && commandLine.contains("-p " + port + " ");
                })
                .toList();
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }

    private static Process java(String... args) throws IOException {
        return JavaProcess.start(Launcher.class, args);
    }

    private static String readAll(Process process) throws IOException {
        return JavaProcess.output(process);
    }
}
