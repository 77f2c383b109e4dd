package io.aisle.loadtest.kit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A super-app's webhook receiver for the reliability suite, and the check of what it received.
 * <pre>
 * java -cp ... io.aisle.loadtest.kit.WebhookSink serve --port P --log FILE
 *     answers every POST 204 and appends "epoch_ms order_id sequence status" to FILE (kept across restarts)
 * java -cp ... io.aisle.loadtest.kit.WebhookSink verify --log FILE --pg JDBC_URL --client CLIENT_ID
 *     every order of the client: each status change (order_transitions) received, first arrivals in sequence order
 * </pre>
 * verify's last line: {@code WEBHOOKS orders=N transitions=N received=N missing=N out_of_order=N redelivered=N}; it
 * exits 1 when an event is missing or arrived out of order.
 */
public final class WebhookSink {

    private WebhookSink() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length > 0 && args[0].equals("serve")) {
            serve(Integer.parseInt(options.get("--port")), Path.of(options.get("--log")));
        } else if (args.length > 0 && args[0].equals("verify")) {
            System.exit(verify(Path.of(options.get("--log")), options.get("--pg"), options.get("--client")) ? 0 : 1);
        } else {
            throw new IllegalArgumentException("usage: WebhookSink serve --port P --log FILE | verify --log FILE --pg URL --client ID");
        }
    }

    private static void serve(int port, Path log) throws Exception {
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                JsonObject event = body.toJsonObject();
                synchronized (out) {
                    out.write(System.currentTimeMillis() + "\t" + event.getString("orderId") + "\t" + event.getLong("sequence") + "\t"
                            + event.getString("status") + "\n");
                    out.flush();
                }
                request.response().setStatusCode(204).end();
            } catch (IOException | RuntimeException e) {
                request.response().setStatusCode(400).end();
            }
        })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        System.out.println("webhook sink ready on " + port);
        Thread.currentThread().join();
    }

    private static boolean verify(Path log, String pgUrl, String clientId) throws Exception {
        Map<String, List<Long>> arrivals = new HashMap<>();
        long received = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length < 4) {
                continue;
            }
            received++;
            arrivals.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Long.parseLong(f[2]));
        }
        long orders = 0;
        long transitions = 0;
        long missing = 0;
        long outOfOrder = 0;
        long redelivered = 0;
        List<String> examples = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(pgUrl);
             PreparedStatement statement = db.prepareStatement("""
                     select o.order_id, count(t.seq) from orders o join order_transitions t using (order_id)
                     where o.client_id = ? group by o.order_id""")) {
            statement.setString(1, clientId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    orders++;
                    String orderId = rows.getString(1);
                    long expected = rows.getLong(2);
                    transitions += expected;
                    List<Long> got = arrivals.getOrDefault(orderId, List.of());
                    Set<Long> seen = new HashSet<>();
                    long last = 0;
                    for (long sequence : got) {
                        if (!seen.add(sequence)) {
                            redelivered++;
                            continue;
                        }
                        if (sequence != last + 1) {
                            outOfOrder++;
                            if (examples.size() < 5) {
                                examples.add(orderId + ": " + got);
                            }
                        }
                        last = Math.max(last, sequence);
                    }
                    for (long s = 1; s <= expected; s++) {
                        if (!seen.contains(s)) {
                            missing++;
                            if (examples.size() < 5) {
                                examples.add(orderId + " missing " + s + " of " + expected + ", got " + got);
                            }
                        }
                    }
                }
            }
        }
        if (!examples.isEmpty()) {
            System.out.println("e.g. " + examples);
        }
        System.out.printf("WEBHOOKS orders=%d transitions=%d received=%d missing=%d out_of_order=%d redelivered=%d%n",
                orders, transitions, received, missing, outOfOrder, redelivered);
        return orders > 0 && missing == 0 && outOfOrder == 0;
    }
}
