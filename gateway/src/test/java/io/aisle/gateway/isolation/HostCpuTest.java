package io.aisle.gateway.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostCpuTest {

    @Test
    void theHostIsSaturatedWhenItsCpusWereBusyOnAverageSinceThen() {
        HostCpu cpu = new HostCpu();
        assertEquals(-1, cpu.meanSince(0), "nothing sampled yet");
        assertFalse(cpu.saturatedSince(0));

        cpu.record(1_000, 0.5);
        cpu.record(2_000, 0.95);
        cpu.record(3_000, 0.99);

        assertEquals((0.5 + 0.95 + 0.99) / 3, cpu.meanSince(1_000), 1e-9);
        assertFalse(cpu.saturatedSince(1_000), "a calm sample in the span keeps the mean under 85 %");
        assertTrue(cpu.saturatedSince(1_500), "the last two samples alone are busy");
        assertFalse(cpu.saturatedSince(3_500), "no sample since then");
    }
}
