package io.aisle.loadtest.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what run.sh collected in a run directory into the run's report ({@code report.md}, also
 * printed) and the last line, {@code SUMMARY scenario=... sent_twice=N}.
 *
 * <p><b>How a maximum rate is read from an open model.</b> A stepped profile holds each level for a
 * while; a level is <em>kept up</em> when the requests sent during its hold were answered with success
 * at no less than {@code keepUp} (0.95) of the offered rate and their p99 stayed within {@code sloMs}
 * (500 ms). The maximum rate is the achieved success rate of the highest level kept up (when no level
 * is, the highest success rate any level achieved, and the report says so). Both the
 * gateway's scenario and the bare fan-out baseline are read this way, in the same run.
 *
 * <p>Files read (all optional but scenario.json): scenario.json and baseline.json (the Recorder's),
 * fleet-before.json / fleet-after.json ({@code /sim/stats}), cpu.tsv ({@code phase process seconds}),
 * heap.tsv ({@code process usedKiB committedKiB}), breakers.tsv ({@code instance storeId openings}),
 * faulted.txt (store ids the kit faulted), facts.tsv ({@code key value}: PostgreSQL settings, orders by
 * status, the breaker sharing check, machine and versions).
 */
public final class KitReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SENT_TWICE = List.of("holdReplays", "holdRepeats", "pickListReplays", "pickListLegRepeats",
            "tripsReplayed", "tripLegRepeats");

    private final Path run;
    private final double sloMs;
    private final double keepUp;
    private final StringBuilder out = new StringBuilder();
    /**
     * What counts as a success in rates and levels kept up: {@code complete} answers (every store of the
     * report heard from, see the recorder) when the kit faulted no store, as the baseline's successes
     * are full fan-outs; {@code ok} (2xx) when stores were faulted on purpose and cannot answer.
     */
    private String success = "complete";

    KitReport(Path run, double sloMs, double keepUp) {
        this.run = run;
        this.sloMs = sloMs;
        this.keepUp = keepUp;
    }

    public static void main(String[] args) throws IOException {
        Path run = null;
        double slo = 500;
        double keep = 0.95;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--run" -> run = Path.of(args[++i]);
                case "--slo-ms" -> slo = Double.parseDouble(args[++i]);
                case "--keep-up" -> keep = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("usage: KitReport --run DIR [--slo-ms 500] [--keep-up 0.95]");
            }
        }
        if (run == null) {
            throw new IllegalArgumentException("--run DIR is required");
        }
        KitReport report = new KitReport(run, slo, keep);
        String summary = report.build();
        Files.writeString(run.resolve("report.md"), report.out + "\n" + summary + "\n");
        System.out.print(report.out);
        System.out.println(summary);
    }

    /** A rate read from a recorder file: the figure, and how it was read. */
    record Rate(double perSecond, String how, String phase) {
    }

    String build() throws IOException {
        JsonNode scenario = read("scenario.json");
        JsonNode baseline = read("baseline.json");
        if (scenario == null) {
            throw new IllegalStateException("no scenario.json in " + run + ": the scenario did not run to its end");
        }
        String name = scenario.path("notes").path("scenario").asText("?");
        String main = scenario.path("notes").path("main").asText("order");
        Map<String, String> facts = facts();
        success = faultedStores().isEmpty() ? "complete" : "ok";

        line("# " + name + " — " + facts.getOrDefault("date", ""));
        line("");
        line("Command: `" + facts.getOrDefault("command", "?") + "`");
        line("Machine: " + facts.getOrDefault("machine", "?") + "; " + facts.getOrDefault("versions", ""));
        line("Servers: " + facts.getOrDefault("servers", "?") + "; PostgreSQL fsync=" + facts.getOrDefault("fsync", "?")
                + ", synchronous_commit=" + facts.getOrDefault("synchronous_commit", "?"));
        if (facts.containsKey("load")) {
            line("Machine load before the run: " + facts.get("load"));
        }
        line("Kept up = successes at >= " + pct(keepUp) + " of the offered rate with p99 <= " + fmt(sloMs) + " ms (levels of a stepped rate). "
                + "A success here is " + (success.equals("complete")
                        ? "a complete answer: 2xx with every store of its report ANSWERED or CACHED (no store was faulted), as a baseline success is a fan-out every store answered."
                        : "a 2xx answer (stores were faulted on purpose)."));
        line("");

        line("## Requests (client side, every request from just before it is sent to its answer or failure)");
        line("");
        line("| kind | requests | ok | complete | ok/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        kindRows(scenario, "");
        if (baseline != null) {
            kindRows(baseline, "baseline ");
        }
        line("");

        line("## Phases of `" + main + "` (offered vs achieved)");
        line("");
        line("| phase | offered/s | sent | ok | complete | successes/s | p50 ms | p99 ms | p99.9 ms | kept up |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        phaseRows(scenario, main, "");
        if (baseline != null) {
            phaseRows(baseline, "fanout", "baseline ");
        }
        line("");

        Rate rate = rate(scenario, main);
        Rate baselineRate = baseline == null ? new Rate(0, "no baseline in this run", null) : rate(baseline, "fanout");
        double ratio = baselineRate.perSecond() > 0 ? rate.perSecond() / baselineRate.perSecond() : 0;
        line("## Beside the bare fan-out baseline (K = " + facts.getOrDefault("k", "20") + " stores per request, same fleet, same run)");
        line("");
        line("| figure | " + main + " | bare fan-out | ratio |");
        line("| --- | ---: | ---: | ---: |");
        line("| rate (/s) | " + fmt(rate.perSecond()) + " | " + fmt(baselineRate.perSecond()) + " | " + fmt3(ratio) + " |");
        JsonNode mainAt = atPhase(scenario, main, rate.phase());
        JsonNode baseAt = baseline == null ? null : atPhase(baseline, "fanout", baselineRate.phase());
        for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
            double g = mainAt == null ? Double.NaN : mainAt.path(p).asDouble(Double.NaN);
            double b = baseAt == null ? Double.NaN : baseAt.path(p).asDouble(Double.NaN);
            line("| " + p.replace("p999", "p99.9") + " ms at that rate | " + fmt(g) + " | " + fmt(b) + " | " + fmt3(g / b) + " |");
        }
        line("");
        line("Rate of `" + main + "`: " + rate.how() + ". Baseline: " + baselineRate.how() + ".");
        line("");

        line("## Errors by status and problem type");
        line("");
        errorRows(scenario);
        line("");

        line("## Store outcomes (per-store reports of quote and order answers)");
        line("");
        outcomeRows(scenario);
        line("");

        eventRows(scenario);

        long sentTwice = fleetRows();
        riderRows();
        cpuRows(scenario, main);
        heapRows();
        breakerRows(scenario);
        factRows(facts);

        JsonNode mainKind = scenario.path("kinds").path(main);
        return String.format(Locale.ROOT, "SUMMARY scenario=%s requests=%d ok=%d p99_ms=%s rate=%s baseline_rate=%s ratio=%s sent_twice=%d",
                name, mainKind.path("requests").asLong(), mainKind.path("ok").asLong(),
                fmt(mainKind.path("latencyMs").path("p99").asDouble(0)), fmt(rate.perSecond()), fmt(baselineRate.perSecond()),
                fmt3(ratio), sentTwice);
    }

    // --- rates --------------------------------------------------------------------------------------

    Rate rate(JsonNode recorder, String kind) {
        String method = recorder.path("notes").path("rateMethod").asText("");
        JsonNode kindNode = recorder.path("kinds").path(kind);
        switch (method) {
            case "highest level kept up" -> {
                Rate best = null;
                Rate first = null;
                for (JsonNode phase : recorder.path("phases")) {
                    String phaseName = phase.path("name").asText();
                    if (!phaseName.startsWith("level-")) {
                        continue;
                    }
                    double achieved = achieved(kindNode, phase);
                    if (first == null || achieved > first.perSecond()) {
                        first = new Rate(achieved, "no level kept up (none within p99 " + fmt(sloMs) + " ms at 95 % of its rate); the figure is "
                                + "the highest success rate any level achieved (" + phaseName + ", offered " + fmt(phase.path("offered").asDouble())
                                + "/s)", phaseName);
                    }
                    if (keptUp(kindNode, phase)) {
                        best = new Rate(achieved, "successes per second at the highest level kept up (" + phaseName + ", offered "
                                + fmt(phase.path("offered").asDouble()) + "/s)", phaseName);
                    }
                }
                if (best != null && best.phase().equals(lastLevel(recorder))) {
                    best = new Rate(best.perSecond(), best.how() + "; that is the top level, so the maximum is at least this", best.phase());
                }
                return best != null ? best : first != null ? first : new Rate(0, "no level ran", null);
            }
            case "achieved at the constant rate" -> {
                JsonNode phase = phaseNamed(recorder, "level-1");
                return new Rate(achieved(kindNode, phase), "successes per second while the constant rate was held ("
                        + (keptUp(kindNode, phase) ? "kept up" : "NOT kept up") + ")", "level-1");
            }
            case "achieved during the surge" -> {
                JsonNode phase = phaseNamed(recorder, "surge");
                return new Rate(achieved(kindNode, phase), "successes per second during the five-fold surge (offered "
                        + fmt(phase.path("offered").asDouble()) + "/s)", "surge");
            }
            default -> {
                double seconds = recorder.path("notes").path("seconds").asDouble(1);
                return new Rate(kindNode.path(success).asLong() / seconds, "successes per second over the " + fmt(seconds) + " s of load", null);
            }
        }
    }

    private static String lastLevel(JsonNode recorder) {
        String last = null;
        for (JsonNode phase : recorder.path("phases")) {
            if (phase.path("name").asText().startsWith("level-")) {
                last = phase.path("name").asText();
            }
        }
        return last;
    }

    private static JsonNode phaseNamed(JsonNode recorder, String name) {
        for (JsonNode phase : recorder.path("phases")) {
            if (phase.path("name").asText().equals(name)) {
                return phase;
            }
        }
        return JSON.createObjectNode();
    }

    private double achieved(JsonNode kind, JsonNode phase) {
        double seconds = phase.path("to").asDouble() - phase.path("from").asDouble();
        JsonNode stats = kind.path("phases").path(phase.path("name").asText());
        return seconds > 0 ? stats.path(success).asLong() / seconds : 0;
    }

    private boolean keptUp(JsonNode kind, JsonNode phase) {
        JsonNode stats = kind.path("phases").path(phase.path("name").asText());
        double offered = phase.path("offered").asDouble();
        return stats.path("sent").asLong() > 0 && achieved(kind, phase) >= keepUp * offered
                && stats.path("latencyMs").path("p99").asDouble(Double.MAX_VALUE) <= sloMs;
    }

    private static JsonNode atPhase(JsonNode recorder, String kind, String phase) {
        JsonNode k = recorder.path("kinds").path(kind);
        return phase == null ? k.path("latencyMs") : k.path("phases").path(phase).path("latencyMs");
    }

    // --- sections -----------------------------------------------------------------------------------

    private void kindRows(JsonNode recorder, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> kinds = recorder.path("kinds").fields();
        while (kinds.hasNext()) {
            Map.Entry<String, JsonNode> e = kinds.next();
            JsonNode k = e.getValue();
            if (k.path("requests").asLong() == 0) {
                continue;
            }
            double span = Math.max(1, k.path("lastSent").asDouble() - k.path("firstSent").asDouble());
            JsonNode l = k.path("latencyMs");
            line("| " + prefix + e.getKey() + " | " + k.path("requests").asLong() + " | " + k.path("ok").asLong() + " | "
                    + k.path("complete").asLong() + " | " + fmt(k.path("ok").asLong() / span) + " | " + fmt(l.path("p50").asDouble()) + " | " + fmt(l.path("p90").asDouble())
                    + " | " + fmt(l.path("p99").asDouble()) + " | " + fmt(l.path("p999").asDouble()) + " | " + fmt(l.path("max").asDouble()) + " |");
        }
    }

    private void phaseRows(JsonNode recorder, String kind, String prefix) {
        JsonNode k = recorder.path("kinds").path(kind);
        for (JsonNode phase : recorder.path("phases")) {
            JsonNode stats = k.path("phases").path(phase.path("name").asText());
            JsonNode l = stats.path("latencyMs");
            line("| " + prefix + phase.path("name").asText() + " | " + fmt(phase.path("offered").asDouble()) + " | " + stats.path("sent").asLong()
                    + " | " + stats.path("ok").asLong() + " | " + stats.path("complete").asLong() + " | " + fmt(achieved(k, phase)) + " | " + fmt(l.path("p50").asDouble())
                    + " | " + fmt(l.path("p99").asDouble()) + " | " + fmt(l.path("p999").asDouble()) + " | "
                    + (keptUp(k, phase) ? "yes" : "no") + " |");
        }
    }

    private void errorRows(JsonNode recorder) {
        boolean any = false;
        Iterator<Map.Entry<String, JsonNode>> kinds = recorder.path("kinds").fields();
        while (kinds.hasNext()) {
            Map.Entry<String, JsonNode> e = kinds.next();
            Iterator<Map.Entry<String, JsonNode>> statuses = e.getValue().path("statuses").fields();
            while (statuses.hasNext()) {
                Map.Entry<String, JsonNode> s = statuses.next();
                int status = Integer.parseInt(s.getKey());
                if (status >= 200 && status < 300) {
                    continue;
                }
                any = true;
                line("- " + e.getKey() + ": " + s.getValue().asLong() + " x " + (status == 0 ? "no answer (timeout or connection failure)" : "HTTP " + status));
            }
            Iterator<Map.Entry<String, JsonNode>> problems = e.getValue().path("problems").fields();
            while (problems.hasNext()) {
                Map.Entry<String, JsonNode> p = problems.next();
                line("  - " + e.getKey() + " " + p.getKey() + ": " + p.getValue().asLong());
            }
        }
        if (!any) {
            line("None: every request answered 2xx.");
        }
    }

    private void outcomeRows(JsonNode recorder) {
        Iterator<Map.Entry<String, JsonNode>> kinds = recorder.path("kinds").fields();
        boolean any = false;
        while (kinds.hasNext()) {
            Map.Entry<String, JsonNode> e = kinds.next();
            JsonNode outcomes = e.getValue().path("outcomes");
            if (outcomes.size() == 0) {
                continue;
            }
            any = true;
            long total = 0;
            for (JsonNode n : outcomes) {
                total += n.asLong();
            }
            List<String> parts = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = outcomes.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> o = it.next();
                parts.add(o.getKey() + " " + o.getValue().asLong() + " (" + pct((double) o.getValue().asLong() / total) + ")");
            }
            line("- " + e.getKey() + ": " + String.join(", ", parts) + "; " + fmt((double) total / Math.max(1, e.getValue().path("ok").asLong()))
                    + " report lines per successful answer");
        }
        if (!any) {
            line("No store reports in the answers.");
        }
    }

    private void eventRows(JsonNode recorder) {
        Iterator<Map.Entry<String, JsonNode>> kinds = recorder.path("kinds").fields();
        List<String> lines = new ArrayList<>();
        while (kinds.hasNext()) {
            Map.Entry<String, JsonNode> e = kinds.next();
            Iterator<Map.Entry<String, JsonNode>> events = e.getValue().path("events").fields();
            while (events.hasNext()) {
                Map.Entry<String, JsonNode> ev = events.next();
                JsonNode latency = e.getValue().path("eventLatencyMs").path(ev.getKey());
                lines.add("- " + e.getKey() + " " + ev.getKey() + ": " + ev.getValue().asLong()
                        + (latency.path("count").asLong() > 0 ? " (time from the order's answer: p50 " + fmt(latency.path("p50").asDouble() / 1000)
                        + " s, max " + fmt(latency.path("max").asDouble() / 1000) + " s)" : ""));
            }
        }
        if (!lines.isEmpty()) {
            line("## Orders followed and placed");
            line("");
            lines.forEach(this::line);
            line("");
        }
    }

    /**
     * Riders and bags: the pickups the simulated riders made during the scenario ({@code riders.json}, the fleet's
     * {@code GET /rider-dispatch/sim/pickups?since=<scenario start>}). A rider's wait is from its arrival at the store
     * to the bags being ready (the gateway's ready notice for a trip requested ahead, else the pickup's ready time);
     * the bags' wait is from ready to the rider's arrival. The gateway measures the same as {@code aisle_rider_wait_seconds}
     * and {@code aisle_bag_wait_seconds}.
     */
    private void riderRows() throws IOException {
        JsonNode riders = read("riders.json");
        if (riders == null || !riders.has("pickups")) {
            return;
        }
        line("## Riders and bags (pickups the simulated riders made during the scenario, `/rider-dispatch/sim/pickups`)");
        line("");
        long pickups = riders.path("pickups").asLong();
        line("| pickups | requested ahead (awaited the ready notice) | wait of | p50 s | p90 s | p99 s | max s |");
        line("| ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        for (String[] kind : new String[][] {{"riderWaitMs", "riders (arrival to bags ready)"}, {"bagWaitMs", "bags (ready to rider's arrival)"}}) {
            JsonNode w = riders.path(kind[0]);
            line("| " + pickups + " | " + riders.path("awaitedNotice").asLong() + " | " + kind[1] + " | "
                    + fmt3(w.path("p50").asDouble() / 1000) + " | " + fmt3(w.path("p90").asDouble() / 1000) + " | "
                    + fmt3(w.path("p99").asDouble() / 1000) + " | " + fmt3(w.path("max").asDouble() / 1000) + " |");
        }
        line("");
    }

    private long fleetRows() throws IOException {
        JsonNode before = read("fleet-before.json");
        JsonNode after = read("fleet-after.json");
        if (before == null || after == null) {
            line("## Fleet: no stats collected");
            return -1;
        }
        line("## At the fleet during the scenario (`/sim/stats` after minus before)");
        line("");
        List<String> parts = new ArrayList<>();
        long sentTwice = 0;
        Iterator<Map.Entry<String, JsonNode>> it = after.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            long delta = e.getValue().asLong() - before.path(e.getKey()).asLong();
            parts.add(e.getKey() + " " + delta);
            if (SENT_TWICE.contains(e.getKey())) {
                sentTwice += delta;
            }
        }
        line(String.join(", ", parts) + ".");
        line("");
        line("Sent twice for one leg (" + String.join(" + ", SENT_TWICE) + "): **" + sentTwice + "**.");
        line("");
        return sentTwice;
    }

    private void cpuRows(JsonNode scenario, String main) throws IOException {
        Path file = run.resolve("cpu.tsv");
        if (!Files.exists(file)) {
            return;
        }
        line("## CPU seconds per process (from /proc: user + system, children reaped included)");
        line("");
        Map<String, Map<String, Double>> byPhase = new LinkedHashMap<>();
        Map<String, Double> wall = new LinkedHashMap<>();
        for (String row : Files.readAllLines(file)) {
            String[] cells = row.split("\t");
            if (cells.length == 3) {
                if (cells[1].equals("wall")) {
                    wall.put(cells[0], Double.parseDouble(cells[2]));
                } else {
                    byPhase.computeIfAbsent(cells[0], p -> new LinkedHashMap<>()).put(cells[1], Double.parseDouble(cells[2]));
                }
            }
        }
        long ok = scenario.path("kinds").path(main).path("ok").asLong();
        for (Map.Entry<String, Map<String, Double>> phase : byPhase.entrySet()) {
            double seconds = wall.getOrDefault(phase.getKey(), 0.0);
            line("- " + phase.getKey() + " (" + fmt(seconds) + " s wall):");
            for (Map.Entry<String, Double> p : phase.getValue().entrySet()) {
                line("  - " + p.getKey() + ": " + fmt(p.getValue()) + " s" + (seconds > 0 ? " (" + pct(p.getValue() / seconds) + " of a core)" : "")
                        + (phase.getKey().equals("scenario") && ok > 0 ? ", " + fmt(1000 * p.getValue() / ok) + " ms per successful " + main : ""));
            }
        }
        line("");
    }

    private void heapRows() throws IOException {
        Path file = run.resolve("heap.tsv");
        if (!Files.exists(file)) {
            return;
        }
        line("## Gateway heap after a full GC (jcmd GC.run, then GC.heap_info)");
        line("");
        for (String row : Files.readAllLines(file)) {
            String[] cells = row.split("\t");
            if (cells.length >= 3) {
                line("- " + cells[0] + ": " + fmt(Double.parseDouble(cells[1]) / 1024) + " MiB used of " + fmt(Double.parseDouble(cells[2]) / 1024)
                        + " MiB committed" + (cells.length > 3 ? " (" + cells[3] + ")" : ""));
            }
        }
        line("");
    }

    /** The stores the kit faulted during the run (faulted.txt, read from the fleet every 2 s). */
    private TreeSet<String> faultedStores() throws IOException {
        TreeSet<String> faulted = new TreeSet<>();
        if (Files.exists(run.resolve("faulted.txt"))) {
            Files.readAllLines(run.resolve("faulted.txt")).stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(faulted::add);
        }
        return faulted;
    }

    private void breakerRows(JsonNode scenario) throws IOException {
        Path file = run.resolve("breakers.tsv");
        TreeSet<String> faulted = faultedStores();
        Map<String, Long> healthy = new TreeMap<>();
        Map<String, Long> faultedOpen = new TreeMap<>();
        if (Files.exists(file)) {
            for (String row : Files.readAllLines(file)) {
                String[] cells = row.split("\t");
                if (cells.length == 3) {
                    (faulted.contains(cells[1]) ? faultedOpen : healthy).merge(cells[0], Long.parseLong(cells[2]), Long::sum);
                }
            }
        }
        long healthyTotal = healthy.values().stream().mapToLong(Long::longValue).sum();
        long faultedTotal = faultedOpen.values().stream().mapToLong(Long::longValue).sum();
        line("## Breakers (transitions to OPEN each gateway made itself during the scenario, from its log)");
        line("");
        line("- stores the kit faulted: " + faulted.size() + "; their breakers opened " + faultedTotal + " time(s) " + faultedOpen);
        line("- **breaker openings on stores that were healthy: " + healthyTotal + "** " + (healthy.isEmpty() ? "" : healthy.toString()));
        String faultedAt = scenario.path("notes").path("faultedAt").asText("");
        Path times = run.resolve("breaker-times.tsv");
        if (!faultedAt.isEmpty() && Files.exists(times)) {
            java.time.LocalTime at = java.time.LocalTime.parse(faultedAt);
            Map<String, Double> firstOpen = new TreeMap<>();
            for (String row : Files.readAllLines(times)) {
                String[] cells = row.split("\t");
                if (cells.length == 3 && faulted.contains(cells[1])) {
                    double seconds = java.time.Duration.between(at, java.time.LocalTime.parse(cells[2])).toMillis() / 1000.0;
                    if (seconds >= -1) {
                        firstOpen.merge(cells[1], Math.max(0, seconds), Math::min);
                    }
                }
            }
            List<Double> sorted = firstOpen.values().stream().sorted().toList();
            long within10 = sorted.stream().filter(v -> v <= 10).count();
            line("- faulted at " + faultedAt + ": " + sorted.size() + " of " + scenario.path("notes").path("faultedStores").asLong()
                    + " faulted stores' breakers opened on some gateway, " + within10 + " within 10 s"
                    + (sorted.isEmpty() ? "" : "; time to the first opening: p50 " + fmt(sorted.get(sorted.size() / 2)) + " s, p90 "
                    + fmt(sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.9)))) + " s, max " + fmt(sorted.get(sorted.size() - 1)) + " s")
                    + " (stores never asked while faulted cannot open)");
        }
        line("");
    }

    private void factRows(Map<String, String> facts) {
        List<String> keys = facts.keySet().stream().filter(k -> k.startsWith("orders ") || k.startsWith("check ") || k.startsWith("pg ")).toList();
        if (keys.isEmpty()) {
            return;
        }
        line("## Checks and counts");
        line("");
        keys.forEach(k -> line("- " + k + ": " + facts.get(k)));
        line("");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private Map<String, String> facts() throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        Path file = run.resolve("facts.tsv");
        if (Files.exists(file)) {
            for (String row : Files.readAllLines(file)) {
                int tab = row.indexOf('\t');
                if (tab > 0) {
                    facts.put(row.substring(0, tab), row.substring(tab + 1));
                }
            }
        }
        return facts;
    }

    private JsonNode read(String name) throws IOException {
        Path file = run.resolve(name);
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    static String fmt(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String fmt3(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
