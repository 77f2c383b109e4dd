package io.aisle.loadtest.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a run measured, per request kind, from the client's side: every request's latency (from just
 * before Gatling sends it to just after its answer or failure, in microseconds, HdrHistogram), status
 * (0 = no answer: timeout or connection failure), problem type, and the per-store outcomes of the
 * reports in quote and order answers. A success is <em>complete</em> when every store of its report was
 * heard from (ANSWERED or CACHED; an answer without a report is complete when it succeeded): a quote
 * that lost stores to timeouts or open breakers is an answer, but not the same work as a full fan-out.
 * Requests are also counted per phase (a level of a stepped rate,
 * a fault window) by the time they were sent, so each phase has its own achieved rate and latency.
 * Written as JSON when the simulation ends; {@code KitReport} reads it. Thread-safe.
 */
public final class Recorder {

    /** One stretch of the run whose figures are reported on their own: a rate level, a fault window. */
    public record Phase(String name, double fromSeconds, double toSeconds, double offeredPerSecond) {
    }

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final Map<String, Kind> kinds = new TreeMap<>();
    private final List<Phase> phases = new ArrayList<>();
    private final Map<String, Object> notes = new LinkedHashMap<>();
    private volatile long startNanos = System.nanoTime();

    /** Call in the simulation's {@code before()}: phase times count from here. */
    public void start() {
        startNanos = System.nanoTime();
    }

    public synchronized void phase(String name, double fromSeconds, double toSeconds, double offeredPerSecond) {
        phases.add(new Phase(name, fromSeconds, toSeconds, offeredPerSecond));
    }

    public synchronized void note(String key, Object value) {
        notes.put(key, value);
    }

    public long now() {
        return System.nanoTime();
    }

    /**
     * Records one request of a kind sent at {@code sentNanos}: its status (0 without an answer), the
     * problem type of an error answer (null otherwise), the store outcomes of its report (may be empty).
     */
    public void record(String kind, long sentNanos, int status, String problemType, List<String> outcomes) {
        long micros = Math.max(1, Math.min(MAX_MICROS, (System.nanoTime() - sentNanos) / 1000));
        double sentAt = (sentNanos - startNanos) / 1e9;
        Kind k;
        synchronized (this) {
            k = kinds.computeIfAbsent(kind, Kind::new);
        }
        synchronized (k) {
            k.all.recordValue(micros);
            k.statuses.merge(Integer.toString(status), 1L, Long::sum);
            boolean ok = status >= 200 && status < 300;
            boolean complete = ok && (outcomes == null || outcomes.stream().allMatch(Recorder::heard));
            if (ok) {
                k.ok++;
            }
            if (complete) {
                k.complete++;
            }
            if (!ok && problemType != null) {
                k.problems.merge(status + " " + problemType, 1L, Long::sum);
            }
            if (outcomes != null) {
                for (String outcome : outcomes) {
                    k.outcomes.merge(outcome, 1L, Long::sum);
                }
            }
            k.firstSent = Math.min(k.firstSent, sentAt);
            k.lastSent = Math.max(k.lastSent, sentAt);
            for (Phase phase : phasesSnapshot()) {
                if (sentAt >= phase.fromSeconds() && sentAt < phase.toSeconds()) {
                    PhaseStats stats = k.phases.computeIfAbsent(phase.name(), n -> new PhaseStats());
                    stats.sent++;
                    if (ok) {
                        stats.ok++;
                        stats.okLatency.recordValue(micros);
                    }
                    if (complete) {
                        stats.complete++;
                    }
                    stats.latency.recordValue(micros);
                }
            }
        }
    }

    private static boolean heard(String outcome) {
        return outcome.equals("ANSWERED") || outcome.equals("CACHED");
    }

    private synchronized List<Phase> phasesSnapshot() {
        return List.copyOf(phases);
    }

    /** Counts something that is not a request, e.g. orders seen DELIVERED, with the time it took. */
    public void event(String kind, String name, long micros) {
        Kind k;
        synchronized (this) {
            k = kinds.computeIfAbsent(kind, Kind::new);
        }
        synchronized (k) {
            k.events.merge(name, 1L, Long::sum);
            if (micros > 0) {
                k.eventLatency.computeIfAbsent(name, n -> new Histogram(MAX_MICROS, 3)).recordValue(Math.min(MAX_MICROS, micros));
            }
        }
    }

    public synchronized void write(Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("elapsedSeconds", (System.nanoTime() - startNanos) / 1e9);
        out.put("notes", notes);
        List<Map<String, Object>> phaseList = new ArrayList<>();
        for (Phase p : phases) {
            phaseList.add(Map.of("name", p.name(), "from", p.fromSeconds(), "to", p.toSeconds(), "offered", p.offeredPerSecond()));
        }
        out.put("phases", phaseList);
        Map<String, Object> kindMap = new LinkedHashMap<>();
        for (Kind k : kinds.values()) {
            synchronized (k) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("requests", k.all.getTotalCount());
                m.put("ok", k.ok);
                m.put("complete", k.complete);
                m.put("firstSent", k.firstSent == Double.MAX_VALUE ? 0 : k.firstSent);
                m.put("lastSent", k.lastSent);
                m.put("latencyMs", percentiles(k.all));
                m.put("statuses", k.statuses);
                m.put("problems", k.problems);
                m.put("outcomes", k.outcomes);
                Map<String, Object> ph = new LinkedHashMap<>();
                for (Map.Entry<String, PhaseStats> e : k.phases.entrySet()) {
                    PhaseStats s = e.getValue();
                    ph.put(e.getKey(), Map.of("sent", s.sent, "ok", s.ok, "complete", s.complete, "latencyMs", percentiles(s.latency),
                            "okLatencyMs", percentiles(s.okLatency)));
                }
                m.put("phases", ph);
                m.put("events", k.events);
                Map<String, Object> ev = new LinkedHashMap<>();
                k.eventLatency.forEach((name, h) -> ev.put(name, percentiles(h)));
                m.put("eventLatencyMs", ev);
                kindMap.put(k.name, m);
            }
        }
        out.put("kinds", kindMap);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("p50", h.getValueAtPercentile(50) / 1000.0);
        m.put("p90", h.getValueAtPercentile(90) / 1000.0);
        m.put("p99", h.getValueAtPercentile(99) / 1000.0);
        m.put("p999", h.getValueAtPercentile(99.9) / 1000.0);
        m.put("max", h.getMaxValue() / 1000.0);
        m.put("mean", Math.round(h.getMean()) / 1000.0);
        return m;
    }

    private static final class Kind {
        final String name;
        final Histogram all = new Histogram(MAX_MICROS, 3);
        final Map<String, Long> statuses = new TreeMap<>();
        final Map<String, Long> problems = new TreeMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<String, PhaseStats> phases = new LinkedHashMap<>();
        final Map<String, Long> events = new TreeMap<>();
        final Map<String, Histogram> eventLatency = new TreeMap<>();
        long ok;
        long complete;
        double firstSent = Double.MAX_VALUE;
        double lastSent;

        Kind(String name) {
            this.name = name;
        }
    }

    private static final class PhaseStats {
        final Histogram latency = new Histogram(MAX_MICROS, 3);
        final Histogram okLatency = new Histogram(MAX_MICROS, 3);
        long sent;
        long ok;
        long complete;
    }
}
