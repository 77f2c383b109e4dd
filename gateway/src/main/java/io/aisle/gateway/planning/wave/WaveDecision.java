package io.aisle.gateway.planning.wave;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to do now: the waves to close (by store, then in the order they were formed: the first holds the strongest
 * claims), the legs that stay open, and when to look again. {@code nextCheck} is the earliest moment a wave would
 * close without any new leg arriving; it is null when no leg stays open (then the next leg to arrive is the next
 * reason to look).
 */
public record WaveDecision(List<Wave> waves, List<OpenLeg> stillOpen, Instant nextCheck) {

    public WaveDecision {
        waves = Checks.copyOrEmpty(waves, "waves");
        stillOpen = Checks.copyOrEmpty(stillOpen, "stillOpen");
        if (stillOpen.isEmpty() != (nextCheck == null)) {
            throw new IllegalArgumentException("nextCheck is set exactly when some leg stays open");
        }
        Set<String> seen = new HashSet<>();
        for (Wave wave : waves) {
            for (OpenLeg leg : wave.legs()) {
                requireOnce(seen, leg);
            }
        }
        for (OpenLeg leg : stillOpen) {
            requireOnce(seen, leg);
        }
    }

    private static void requireOnce(Set<String> seen, OpenLeg leg) {
        if (!seen.add(leg.storeId() + "\n" + leg.orderId())) {
            throw new IllegalArgumentException("leg of order " + leg.orderId() + " at store " + leg.storeId() + " appears twice");
        }
    }
}
