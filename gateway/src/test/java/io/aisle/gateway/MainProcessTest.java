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
        Process process = JavaProcess.start(Main.class, "dev");
        String output = JavaProcess.output(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("java -jar gateway/target/aisle-gateway.jar dev"), output);
    }

    @Test
    void unknownModePrintsTheProductionUsage() throws Exception {
        Process process = JavaProcess.start(Main.class, "fly");
        String output = JavaProcess.output(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("usage: java -jar aisle-gateway-server.jar start"), output);
    }
}
