package io.aisle.simulator.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Fleet-wide counts of what the simulated partners were asked, cheap to bump from any event loop. */
public final class FleetCounters {

    final LongAdder calls = new LongAdder();
    final LongAdder faultsApplied = new LongAdder();
    final LongAdder stockQueries = new LongAdder();
    final LongAdder holds = new LongAdder();
    final LongAdder holdReplays = new LongAdder();
    final LongAdder holdsRefused = new LongAdder();
    final LongAdder releases = new LongAdder();
    final LongAdder expiries = new LongAdder();
    final LongAdder holdsPicked = new LongAdder();
    final LongAdder pickLists = new LongAdder();
    final LongAdder cancels = new LongAdder();
    // Work sent more than once for one order leg (load tests count these; all stay 0 when nothing is sent twice).
    final LongAdder holdRepeats = new LongAdder();
    final LongAdder pickListReplays = new LongAdder();
    final LongAdder pickListLegRepeats = new LongAdder();

    /** Counts one request that reached a simulated partner, before any fault. */
    public void call() {
        calls.increment();
    }

    /** Counts one request answered with an injected fault instead of its normal answer. */
    public void faultApplied() {
        faultsApplied.increment();
    }

    /** Counts a pick list pushed again under an id the store already has (the partner answers it as a replay). */
    public void pickListReplayed() {
        pickListReplays.increment();
    }

    /**
     * The counts by name: calls, faultsApplied, stockQueries, holds, holdReplays, holdsRefused, releases,
     * expiries, holdsPicked (holds whose every unit was picked or written off), pickLists, cancels; and what
     * was sent twice for one leg: holdRepeats (a new hold id for an order's same lines while its first hold is
     * still held), pickListReplays (a pick list pushed again under the same id), pickListLegRepeats (an order
     * in a new pick list of a store that already had it in an earlier one).
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("calls", calls.sum());
        result.put("faultsApplied", faultsApplied.sum());
        result.put("stockQueries", stockQueries.sum());
        result.put("holds", holds.sum());
        result.put("holdReplays", holdReplays.sum());
        result.put("holdsRefused", holdsRefused.sum());
        result.put("releases", releases.sum());
        result.put("expiries", expiries.sum());
        result.put("holdsPicked", holdsPicked.sum());
        result.put("pickLists", pickLists.sum());
        result.put("cancels", cancels.sum());
        result.put("holdRepeats", holdRepeats.sum());
        result.put("pickListReplays", pickListReplays.sum());
        result.put("pickListLegRepeats", pickListLegRepeats.sum());
        return result;
    }
}
