package io.aisle.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void shedsBeyondTheLimitAndAdmitsAgainOnceASlotIsFree() {
        Admission admission = new Admission("orders", 4, 0);
        List<Admission.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            permits.add(admission.tryAdmit("a", false, new StringBuilder()).orElseThrow());
        }
        StringBuilder why = new StringBuilder();

        assertTrue(admission.tryAdmit("a", false, why).isEmpty());
        assertTrue(why.toString().contains("4 orders"), why.toString());

        permits.get(0).release();
        permits.get(0).release();
        assertEquals(3, admission.inFlight(), "a permit released twice frees one slot");
        assertTrue(admission.tryAdmit("a", false, new StringBuilder()).isPresent());
    }

    @Test
    void priorityOrdersKeepTheirShareWhenOrdinaryOnesFillTheRest() {
        Admission admission = new Admission("orders", 10, 0.2);
        for (int i = 0; i < 8; i++) {
            assertTrue(admission.tryAdmit("a", false, new StringBuilder()).isPresent());
        }

        assertTrue(admission.tryAdmit("a", false, new StringBuilder()).isEmpty(), "ordinary orders stop at 8 of 10");
        assertTrue(admission.tryAdmit("hospital", true, new StringBuilder()).isPresent());
        assertTrue(admission.tryAdmit("hospital", true, new StringBuilder()).isPresent());
        assertTrue(admission.tryAdmit("hospital", true, new StringBuilder()).isEmpty(), "and priority ones at 10");
    }

    @Test
    void aClientsSurgeLeavesOtherClientsTheirShare() {
        Admission admission = new Admission("orders", 8, 0);
        Optional<Admission.Permit> last = Optional.empty();
        int admitted = 0;
        for (int i = 0; i < 8; i++) {
            last = admission.tryAdmit("surging", false, new StringBuilder());
            admitted += last.isPresent() ? 1 : 0;
        }
        assertEquals(8, admitted, "alone, a client may use every slot");
        last.orElseThrow().release();
        last.orElseThrow().release();

        assertTrue(admission.tryAdmit("quiet", false, new StringBuilder()).isPresent(), "a free slot goes to the other client");
        StringBuilder why = new StringBuilder();
        assertFalse(admission.tryAdmit("surging", false, why).isPresent(), "the surging client is over its half: " + why);
    }
}
