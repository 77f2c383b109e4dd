package io.aisle.loadtest.kit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;

/**
 * Reconciles what the super-app was told (an {@link OrderFlow} log) with what PostgreSQL holds and what
 * the fleet itself counted, after a run of crashes and outages. Waits up to {@code --settle} seconds for
 * every order to reach a terminal status, then prints one line per figure and a last line
 * <pre>RELIABILITY runs=... orders_201=N lost=0 duplicated=0 leaked=0 stuck=0 money=0 fivexx=0 ...</pre>
 * and exits 1 when a must-be-zero figure (lost, duplicated, leaked, stuck, money, fivexx) is not zero.
 * <ul>
 * <li>lost: a key answered 201 whose order is not in PostgreSQL, or keys answered with two order ids;</li>
 * <li>duplicated: two orders in PostgreSQL for one key (the customer reference is the key), plus what the
 *   fleet counted as sent twice for one leg: a second hold (holdRepeats), an order in a second pick list
 *   (pickListLegRepeats), an order in a second trip (tripLegRepeats). Resending the same hold, pick list or
 *   trip under its own id (holdReplays, pickListReplays, tripsReplayed: the partner answers its first
 *   answer) is at-least-once delivery, reported beside it;</li>
 * <li>leaked: holds open at the fleet, and soft holds held in Redis, whose order is terminal or unknown;</li>
 * <li>stuck: orders of the run not terminal (DELIVERED, CANCELLED, REJECTED, FAILED) once settled;</li>
 * <li>money: terminal orders whose money does not reconcile: a DELIVERED order charged more than its total,
 *   or charged plus refunded short of its total; a CANCELLED, REJECTED or FAILED order charged anything;</li>
 * <li>fivexx: answers 5xx other than 503 with Retry-After, in the log.</li>
 * </ul>
 *
 * <pre>java -cp ... io.aisle.loadtest.kit.ReliabilityCheck --log FILE[,FILE] --pg JDBC_URL --fleet URL
 *     [--redis HOST:PORT] [--settle S] [--runs "gateway_kills=20 ..."] [--extra "name=value ..."]</pre>
 */
public final class ReliabilityCheck {

    private static final Set<String> TERMINAL = Set.of("DELIVERED", "CANCELLED", "REJECTED", "FAILED");
    /** How long soft holds of ended orders get to be settled by the push-only chain's next snapshots (3 push periods of the suite). */
    private static final int SOFT_HOLD_SETTLE_SECONDS = 30;
    private static final List<String> REPEATS = List.of("holdRepeats", "pickListLegRepeats", "tripLegRepeats");
    private static final List<String> REPLAYS = List.of("holdReplays", "pickListReplays", "tripsReplayed");

    private ReliabilityCheck() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> logs = new ArrayList<>();
        String pg = null;
        String fleet = null;
        String redis = null;
        int settle = 300;
        String runs = "";
        String extra = "";
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--log" -> {
                    for (String file : value.split(",")) {
                        logs.add(Path.of(file));
                    }
                }
                case "--pg" -> pg = value;
                case "--fleet" -> fleet = value;
                case "--redis" -> redis = value;
                case "--settle" -> settle = Integer.parseInt(value);
                case "--runs" -> runs = value;
                case "--extra" -> extra = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (logs.isEmpty() || pg == null || fleet == null) {
            throw new IllegalArgumentException("usage: ReliabilityCheck --log FILE --pg JDBC_URL --fleet URL [--redis HOST:PORT]");
        }
        System.exit(new ReliabilityCheck().check(logs, pg, fleet, redis, settle, runs.strip(), extra.strip()) ? 0 : 1);
    }

    private boolean check(List<Path> logs, String pgUrl, String fleet, String redis, int settle, String runs, String extra)
            throws IOException, SQLException, InterruptedException {
        // --- the client's log ---------------------------------------------------------------------------
        Map<String, Set<String>> orderIdsByKey = new HashMap<>();
        Set<String> created = new HashSet<>();
        Map<Integer, Integer> answers = new TreeMap<>();
        long requests = 0;
        long fivexx = 0;
        long noAnswer = 0;
        long gaveUp = 0;
        long unavailable = 0;
        long notProblem = 0;
        Set<String> keys = new HashSet<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length < 8) {
                    continue;
                }
                String key = f[1];
                int status = Integer.parseInt(f[3]);
                keys.add(key);
                if (status == -1) {
                    gaveUp++;
                    continue;
                }
                requests++;
                answers.merge(status, 1, Integer::sum);
                if (status == 0) {
                    noAnswer++;
                } else if (status >= 500 && !(status == 503 && !f[5].isEmpty())) {
                    fivexx++;
                } else if (status == 503) {
                    unavailable++;
                }
                if (status >= 400 && "not-json".equals(f[6])) {
                    notProblem++;
                }
                if ((status == 201 || status == 200) && !f[4].isEmpty()) {
                    orderIdsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(f[4]);
                    if (status == 201) {
                        created.add(key);
                    }
                }
            }
        }
        Set<String> answeredIds = new HashSet<>();
        long twoIds = 0;
        for (Set<String> ids : orderIdsByKey.values()) {
            answeredIds.addAll(ids);
            if (ids.size() > 1) {
                twoIds++;
            }
        }

        try (Connection db = DriverManager.getConnection(pgUrl)) {
            // --- settle: every order of the run terminal, or the time is up ------------------------------
            long settleStart = System.nanoTime();
            long deadline = settleStart + settle * 1_000_000_000L;
            long open;
            do {
                open = scalar(db, "select count(*) from orders where status not in ('DELIVERED', 'CANCELLED', 'REJECTED', 'FAILED')");
                if (open == 0) {
                    break;
                }
                Thread.sleep(2000);
            } while (System.nanoTime() < deadline);
            long settledIn = (System.nanoTime() - settleStart) / 1_000_000_000L;
            JsonObject stats = fleetJson(fleet + "/sim/stats");
            // the fleet closes holds of picked orders and expires the rest: let the last releases land
            JsonArray fleetHolds = waitForHolds(fleet, db, 30);

            // --- orders as PostgreSQL has them --------------------------------------------------------------
            Map<String, String> statusById = new HashMap<>();
            Map<String, String> refById = new HashMap<>();
            Map<String, Integer> ordersPerRef = new HashMap<>();
            Map<String, Integer> byStatus = new TreeMap<>();
            long money = 0;
            List<String> moneyExamples = new ArrayList<>();
            try (PreparedStatement statement = db.prepareStatement(
                    "select order_id, customer_ref, status, total_amount, charged_amount, refunded_amount from orders");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    String ref = rows.getString(2);
                    String status = rows.getString(3);
                    statusById.put(id, status);
                    refById.put(id, ref);
                    ordersPerRef.merge(ref, 1, Integer::sum);
                    byStatus.merge(status, 1, Integer::sum);
                    long total = rows.getLong(4);
                    Long charged = rows.getObject(5) == null ? null : rows.getLong(5);
                    Long refunded = rows.getObject(6) == null ? null : rows.getLong(6);
                    boolean balanced = switch (status) {
                        case "DELIVERED" -> charged != null && refunded != null && charged > 0 && charged <= total && charged + refunded >= total;
                        case "CANCELLED", "REJECTED", "FAILED" -> charged == null || charged == 0;
                        default -> true;
                    };
                    if (!balanced) {
                        money++;
                        if (moneyExamples.size() < 5) {
                            moneyExamples.add(id + " " + status + " total=" + total + " charged=" + charged + " refunded=" + refunded);
                        }
                    }
                }
            }
            long lost = 0;
            List<String> lostExamples = new ArrayList<>();
            for (String key : created) {
                for (String id : orderIdsByKey.get(key)) {
                    if (!statusById.containsKey(id)) {
                        lost++;
                        if (lostExamples.size() < 5) {
                            lostExamples.add(key + " -> " + id);
                        }
                    }
                }
            }
            lost += twoIds;
            long dupOrders = 0;
            for (String key : keys) {
                Integer n = ordersPerRef.get(key);
                if (n != null && n > 1) {
                    dupOrders += n - 1;
                }
            }
            long repeats = 0;
            StringBuilder repeatParts = new StringBuilder();
            for (String name : REPEATS) {
                long n = stats.getLong(name, 0L);
                repeats += n;
                repeatParts.append(' ').append(name).append('=').append(n);
            }
            StringBuilder replayParts = new StringBuilder();
            long replays = 0;
            for (String name : REPLAYS) {
                long n = stats.getLong(name, 0L);
                replays += n;
                replayParts.append(' ').append(name).append('=').append(n);
            }
            long stuck = 0;
            List<String> stuckExamples = new ArrayList<>();
            for (Map.Entry<String, String> order : statusById.entrySet()) {
                if (!TERMINAL.contains(order.getValue())) {
                    stuck++;
                    if (stuckExamples.size() < 5) {
                        stuckExamples.add(order.getKey() + " " + order.getValue());
                    }
                }
            }
            // holds the fleet keeps open for orders that are over (or that PostgreSQL never heard of)
            long leakedFleet = 0;
            List<String> leakExamples = new ArrayList<>();
            for (int i = 0; i < fleetHolds.size(); i++) {
                JsonObject hold = fleetHolds.getJsonObject(i);
                String status = statusById.get(hold.getString("orderId"));
                if (ofNoLiveOrder(status)) {
                    leakedFleet++;
                    if (leakExamples.size() < 5) {
                        leakExamples.add(hold.getString("storeId") + " " + hold.getString("holdId") + " order " + hold.getString("orderId") + " " + status);
                    }
                }
            }
            long leakedSoft = 0;
            long softHeld = 0;
            if (redis != null && !redis.isBlank()) {
                // A push-only order's soft hold is settled by the first stock snapshot that the chain pushes at least
                // the settle grace (5 s) after it pulled the pick list: an order that ended a moment ago still has
                // its soft hold until then. Leaked is what is still held once that has had time to happen.
                List<JsonObject> softHolds = RespClient.softHolds(redis);
                long softDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOFT_HOLD_SETTLE_SECONDS);
                while (softHolds.stream().anyMatch(soft -> "HELD".equals(soft.getString("status"))
                        && ofNoLiveOrder(statusById.get(soft.getString("orderId"))))
                        && System.nanoTime() < softDeadline) {
                    Thread.sleep(1000);
                    softHolds = RespClient.softHolds(redis);
                }
                for (JsonObject soft : softHolds) {
                    if (!"HELD".equals(soft.getString("status"))) {
                        continue;
                    }
                    softHeld++;
                    String status = statusById.get(soft.getString("orderId"));
                    if (ofNoLiveOrder(status)) {
                        leakedSoft++;
                        if (leakExamples.size() < 5) {
                            leakExamples.add("soft hold of order " + soft.getString("orderId") + " " + status);
                        }
                    }
                }
            }
            long pendingOutbox = scalar(db, "select count(*) from outbox where status = 'PENDING'");
            long deadOutbox = scalar(db, "select count(*) from outbox where status = 'DEAD'");
            long liveHoldsDb = scalar(db, "select count(*) from holds h join orders o using (order_id) where h.status in ('TAKING', 'HELD') "
                    + "and o.status in ('DELIVERED', 'CANCELLED', 'REJECTED', 'FAILED')");

            // --- figures ----------------------------------------------------------------------------------------
            Map<String, Object> figures = new LinkedHashMap<>();
            figure("runs", runs.isEmpty() ? "-" : runs, "faults applied while orders flowed");
            figure("keys", keys.size(), "idempotency keys the client sent");
            figure("requests", requests, "requests answered or not, retries included; answers by status " + answers);
            figure("no_answer", noAnswer, "requests that got no answer (the gateway was down, or reset); each retried with its key");
            figure("unavailable_503", unavailable, "503 with Retry-After (PostgreSQL away, overload): retried with the same key");
            figure("gave_up", gaveUp, "keys still without an answer when the client stopped retrying");
            figure("orders_201", created.size(), "keys answered 201 Created");
            figure("orders_in_db", statusById.size(), "orders in PostgreSQL by status " + byStatus);
            figure("lost", lost, "201 whose order is not in PostgreSQL, or one key answered with two order ids (" + twoIds + ")"
                    + (lostExamples.isEmpty() ? "" : "; e.g. " + lostExamples));
            figure("duplicated", dupOrders + repeats, "two orders for one key: " + dupOrders + "; fleet's repeats for one leg:" + repeatParts);
            figure("replays", replays, "the same hold, pick list or trip sent again under its own id (answered as a replay):" + replayParts);
            figure("leaked", leakedFleet + leakedSoft, "holds open at the fleet of no live order: " + leakedFleet + " (of " + fleetHolds.size()
                    + " open); soft holds in Redis of no live order: " + leakedSoft + " (of " + softHeld + " held)"
                    + (leakExamples.isEmpty() ? "" : "; e.g. " + leakExamples));
            figure("hold_rows_held_in_db", liveHoldsDb, "hold rows PostgreSQL still has TAKING or HELD for terminal orders (bookkeeping: "
                    + "a picked hold is consumed at the store, which the fleet's open holds above count)");
            figure("stuck", stuck, "orders not terminal after " + settledIn + " s of settling" + (stuckExamples.isEmpty() ? "" : "; e.g. " + stuckExamples));
            figure("money", money, "terminal orders whose money does not reconcile" + (moneyExamples.isEmpty() ? "" : "; e.g. " + moneyExamples));
            figure("fivexx", fivexx, "5xx answers other than 503 with Retry-After");
            figure("not_problem_json", notProblem, "4xx/5xx answers whose body was not JSON");
            figure("outbox", pendingOutbox + " pending, " + deadOutbox + " dead", "outbox rows after settling");
            figure("settle_s", settledIn, "seconds until every order was terminal (or the limit)");
            figure("fleet", "holds=" + stats.getLong("holds", 0L) + " pickLists=" + stats.getLong("pickLists", 0L) + " tripsCreated="
                    + stats.getLong("tripsCreated", 0L) + " tripsDelivered=" + stats.getLong("tripsDelivered", 0L)
                    + " eventsRetried=" + stats.getLong("eventsRetried", 0L), "the fleet's own counts");
            figures.put("runs", runs.isEmpty() ? "-" : "\"" + runs + "\"");
            figures.put("orders_201", created.size());
            figures.put("lost", lost);
            figures.put("duplicated", dupOrders + repeats);
            figures.put("leaked", leakedFleet + leakedSoft);
            figures.put("stuck", stuck);
            figures.put("money", money);
            figures.put("fivexx", fivexx);
            figures.put("replays", replays);
            figures.put("gave_up", gaveUp);
            figures.put("settle_s", settledIn);
            StringBuilder last = new StringBuilder("RELIABILITY");
            figures.forEach((name, value) -> last.append(' ').append(name).append('=').append(value));
            if (!extra.isEmpty()) {
                last.append(' ').append(extra);
            }
            System.out.println(last);
            boolean ok = lost == 0 && dupOrders + repeats == 0 && leakedFleet + leakedSoft == 0 && stuck == 0 && money == 0 && fivexx == 0
                    && created.size() > 0;
            if (created.isEmpty()) {
                System.out.println("no order was created: nothing was checked");
            }
            return ok;
        }
    }

    private static void figure(String name, Object value, String what) {
        System.out.println("FIGURE " + name + "=" + value + "  (" + what + ")");
    }

    /** The fleet's open holds, once those of terminal orders are gone or {@code seconds} have passed. */
    private static JsonArray waitForHolds(String fleet, Connection db, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonArray holds;
        do {
            holds = fleetJson(fleet + "/sim/holds").getJsonArray("holds");
            if (holds.isEmpty()) {
                return holds;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        return holds;
    }

    /** A hold's order (its status, null when PostgreSQL does not know it) is over or unknown: the hold should not be open. */
    private static boolean ofNoLiveOrder(String status) {
        return status == null || TERMINAL.contains(status);
    }

    private static long scalar(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static JsonObject fleetJson(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }
}
