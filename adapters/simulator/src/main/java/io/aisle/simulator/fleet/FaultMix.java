package io.aisle.simulator.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A fault mix over a fleet's stores, e.g. {@code hang=10%,error=5%} or {@code slow:800=5%}
 * ({@code mode[:latencyMs]=share%}): each mode goes to its share of the stores, distinct stores drawn
 * from a seed, so the same mix and seed fault the same stores. Used by FleetMain's {@code --faults}
 * and {@code POST /sim/faults}.
 */
public final class FaultMix {

    private FaultMix() {
    }

    /** Sets the mix's faults as the stores' own faults; returns the stores faulted. */
    public static List<Store> apply(Fleet fleet, String mix, long seed) {
        if (mix == null || mix.isBlank() || mix.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Store> shuffled = new ArrayList<>(fleet.stores());
        Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
        List<Store> faulted = new ArrayList<>();
        for (String part : mix.split(",")) {
            String[] modeAndShare = part.strip().split("=");
            if (modeAndShare.length != 2 || !modeAndShare[1].strip().endsWith("%")) {
                throw new IllegalArgumentException("faults are mode[:latencyMs]=share%, e.g. hang=10%,error=5%; got " + part);
            }
            String[] modeAndLatency = modeAndShare[0].strip().split(":");
            FaultMode mode = FaultMode.parse(modeAndLatency[0]);
            long latency;
            double share;
            try {
                latency = modeAndLatency.length > 1 ? Long.parseLong(modeAndLatency[1].strip()) : 0;
                share = Double.parseDouble(modeAndShare[1].strip().replace("%", "")) / 100.0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("faults are mode[:latencyMs]=share%, e.g. hang=10%,error=5%; got " + part);
            }
            int count = (int) Math.round(share * shuffled.size());
            if (share < 0 || faulted.size() + count > shuffled.size()) {
                throw new IllegalArgumentException("the fault shares add up to more than 100%: " + mix);
            }
            Fault fault = Fault.of(mode, latency);
            for (int i = 0; i < count; i++) {
                Store store = shuffled.get(faulted.size());
                fleet.setStoreFault(store, fault);
                faulted.add(store);
            }
        }
        return faulted;
    }
}
