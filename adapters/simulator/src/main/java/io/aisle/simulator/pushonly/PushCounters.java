package io.aisle.simulator.pushonly;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the simulated push-only chains sent and fetched, for {@code GET /sim/stats}. */
final class PushCounters {

    final LongAdder snapshots = new LongAdder();
    final LongAdder deltas = new LongAdder();
    final LongAdder garbage = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder polls = new LongAdder();
    final LongAdder pollsFailed = new LongAdder();
    final LongAdder pulled = new LongAdder();
    final LongAdder resultsPosted = new LongAdder();
    final LongAdder resultsFailed = new LongAdder();

    /**
     * stockSnapshotsPushed, stockDeltasPushed (accepted by the gateway), stockPushesGarbage (sent on
     * purpose), stockPushesRefused (4xx), stockPushesFailed (no answer, 5xx), pickListPolls,
     * pickListPollsFailed, pickListsPulled (new lists taken), pickResultsPosted, pickResultsFailed.
     */
    Map<String, Long> snapshot() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("stockSnapshotsPushed", snapshots.sum());
        stats.put("stockDeltasPushed", deltas.sum());
        stats.put("stockPushesGarbage", garbage.sum());
        stats.put("stockPushesRefused", refused.sum());
        stats.put("stockPushesFailed", failed.sum());
        stats.put("pickListPolls", polls.sum());
        stats.put("pickListPollsFailed", pollsFailed.sum());
        stats.put("pickListsPulled", pulled.sum());
        stats.put("pickResultsPosted", resultsPosted.sum());
        stats.put("pickResultsFailed", resultsFailed.sum());
        return stats;
    }
}
