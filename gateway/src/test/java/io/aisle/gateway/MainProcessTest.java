package io.aisle.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.testing.JavaProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production jar's main class as an operator meets it: it starts production mode only (which the
 * dev jar's launcher tests run through the same {@link Main#start}), and says where dev mode is.
 */
class MainProcessTest {

    @Test
    void devModeIsNotInTheProductionJarAndTheAnswerNamesTheDevJar() throws Exception {
        assertExitsWithUsageError("java -jar gateway/target/aisle-gateway.jar dev", "dev");
    }

    @Test
    void unknownModePrintsTheProductionUsage() throws Exception {
        assertExitsWithUsageError("usage: java -jar aisle-gateway-server.jar start", "fly");
    }

    private static void assertExitsWithUsageError(String message, String... args) throws Exception {
        Process process = JavaProcess.start(Main.class, args);
        String output = JavaProcess.output(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "gives up instead of hanging");
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains(message), output);
    }
}
