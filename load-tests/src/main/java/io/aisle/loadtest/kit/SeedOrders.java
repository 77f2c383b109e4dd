package io.aisle.loadtest.kit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * Seeds a history of delivered orders into the gateway's database, as the saga, picking and rider
 * handoff would have left them, so a run can show whether an order costs more after a million were
 * placed. Per order: the order (DELIVERED, with a store report of 20 lines), 3 lines, 1 leg, 1 hold
 * (HELD, long expired: a delivered order's hold stays so), 7 timeline entries, its answered
 * idempotency key, 9 outbox rows sent (7 webhooks, a pick list, a trip), and its trip with 3 rider
 * events; a wave per 4 orders. Orders are spread over the last 30 days and over every store of the
 * registry, ids in the gateway's own shape. Written with generate_series in batches of 50,000 orders
 * (one transaction each), then VACUUM ANALYZE.
 *
 * <pre>java -cp ... io.aisle.loadtest.kit.SeedOrders JDBC_URL CLIENT_ID ORDERS</pre>
 */
public final class SeedOrders {

    private static final int BATCH = 50_000;

    /** $1 first, $2 last order number of the batch, $3 client id, $4 total orders (spreads them over 30 days): filled in as literals. */
    private static final List<String> STATEMENTS = List.of(
            """
            insert into orders (order_id, client_id, customer_ref, status, priority, delivery_lat, delivery_lon, accept_partial,
                                max_stores, contactless, dropoff_note, request, total_amount, currency, unfilled, store_report,
                                plan_attempts, lease_until, version, created_at, updated_at, charged_amount, refunded_amount,
                                dispatch_attempts, confirmed_at)
            select seed_order_id(g), $3, 'hh-' || (g % 50000), 'DELIVERED', 'STANDARD', 30.5928 + ((g % 199) - 99) * 0.0009,
                   114.3055 + ((g % 211) - 105) * 0.0009, true, null, false, null,
                   jsonb_build_object('customerRef', 'hh-' || (g % 50000), 'acceptPartial', true, 'seeded', true,
                                      'lines', jsonb_build_array(jsonb_build_object('gtin', '6916165031008', 'quantity', 2))),
                   11980, 'CNY', '[]', seed_report(), 1, null, 6, seed_at(g, $4), seed_at(g, $4) + interval '20 minutes',
                   11980, 0, 1, seed_at(g, $4) + interval '1 second'
            from generate_series($1::bigint, $2::bigint) g""",
            """
            insert into order_lines (order_id, line_no, gtin, quantity, substitution)
            select seed_order_id(g), l, case l when 0 then '6916165031008' when 1 then '6916302031007' else '6916302041006' end,
                   1 + l, '{"mode": "NONE", "alternates": []}'::jsonb
            from generate_series($1::bigint, $2::bigint) g, generate_series(0, 2) l""",
            """
            insert into order_legs (order_id, store_id, status, subtotal, currency, lines, wave_id, ready_at, settlement)
            select seed_order_id(g), seed_store(g), 'DELIVERED', 11980, 'CNY',
                   '[{"gtin": "6916165031008", "quantity": 2, "unitPrice": {"amount": 5990, "currency": "CNY"}}]'::jsonb,
                   'seed-wave-' || (g / 4), seed_at(g, $4) + interval '5 minutes', '{"seeded": true}'::jsonb
            from generate_series($1::bigint, $2::bigint) g""",
            """
            insert into holds (hold_id, order_id, store_id, status, lines, expires_at, failure, created_at, updated_at)
            select seed_order_id(g) || ':' || seed_store(g) || ':1', seed_order_id(g), seed_store(g), 'HELD',
                   '[{"gtin": "6916165031008", "quantity": 2}]'::jsonb, seed_at(g, $4) + interval '15 minutes', null,
                   seed_at(g, $4), seed_at(g, $4)
            from generate_series($1::bigint, $2::bigint) g""",
            """
            insert into order_transitions (order_id, seq, status, at, note)
            select seed_order_id(g), t.seq, t.status, seed_at(g, $4) + t.seq * interval '2 minutes', null
            from generate_series($1::bigint, $2::bigint) g,
                 (values (1, 'RECEIVED'), (2, 'CONFIRMED'), (3, 'PICKING'), (4, 'READY'), (5, 'DISPATCHED'), (6, 'PICKED_UP'),
                         (7, 'DELIVERED')) t(seq, status)""",
            """
            insert into idempotency_keys (client_id, idem_key, request_sha256, order_id, status_code, response, created_at, completed_at)
            select $3, 'seed-key-' || g, md5(g::text), seed_order_id(g), 201,
                   jsonb_build_object('orderId', seed_order_id(g), 'status', 'CONFIRMED'), seed_at(g, $4), seed_at(g, $4)
            from generate_series($1::bigint, $2::bigint) g""",
            """
            insert into outbox (topic, aggregate_id, external_id, payload, status, attempts, next_attempt_at, created_at, sent_at)
            select case when k <= 7 then 'order.webhook' when k = 8 then 'picklist.submit' else 'trip.create' end,
                   case when k <= 7 then seed_order_id(g) when k = 8 then seed_store(g) else 'seed-trip-' || g end,
                   case when k <= 7 then 'webhook:' || seed_order_id(g) || ':' || k when k = 8 then 'seed-pick-' || g
                        else 'seed-trip-' || g end,
                   jsonb_build_object('clientId', $3, 'seeded', true, 'event', jsonb_build_object('orderId', seed_order_id(g),
                                      'sequence', k, 'status', 'DELIVERED')),
                   'SENT', 1, seed_at(g, $4), seed_at(g, $4), seed_at(g, $4) + interval '1 second'
            from generate_series($1::bigint, $2::bigint) g, generate_series(1, 9) k""",
            """
            insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, ready_at, pick_list)
            select 'seed-wave-' || w, seed_store(w * 4), 'seed-pick-list-' || w, 'READY', 'WINDOW', seed_at(w * 4, $4),
                   seed_at(w * 4, $4) + interval '3 minutes', seed_at(w * 4, $4) + interval '3 minutes', '{"seeded": true}'::jsonb
            from generate_series(($1::bigint + 3) / 4, $2::bigint / 4) w""",
            """
            insert into trips (trip_id, status, attempt, rider_id, request, created_at, updated_at)
            select 'seed-trip-' || g, 'DELIVERED', 1, 'rider-' || (g % 900), '{"seeded": true}'::jsonb, seed_at(g, $4),
                   seed_at(g, $4) + interval '20 minutes'
            from generate_series($1::bigint, $2::bigint) g""",
            """
            insert into trip_orders (trip_id, order_id, picked_up)
            select 'seed-trip-' || g, seed_order_id(g), true from generate_series($1::bigint, $2::bigint) g""",
            """
            insert into rider_events (event_id, trip_id, type, at, received_at)
            select 'seed-event-' || g || '-' || e, 'seed-trip-' || g, (array['ASSIGNED', 'PICKED_UP', 'DELIVERED'])[e],
                   seed_at(g, $4) + e * interval '5 minutes', seed_at(g, $4) + e * interval '5 minutes'
            from generate_series($1::bigint, $2::bigint) g, generate_series(1, 3) e""");

    private SeedOrders() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SeedOrders JDBC_URL CLIENT_ID ORDERS");
        }
        String clientId = args[1];
        long total = Long.parseLong(args[2]);
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(args[0])) {
            if (!clientId.matches("^[a-z0-9][a-z0-9-]{1,62}$")) {
                throw new IllegalArgumentException("not a client id: " + clientId);
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute(helpers());
                long stores;
                try (ResultSet count = statement.executeQuery("select count(*) from seed_stores")) {
                    count.next();
                    stores = count.getLong(1);
                }
                if (stores == 0) {
                    throw new IllegalStateException("the registry has no stores: onboard them first");
                }
                statement.execute("create or replace function seed_store(g bigint) returns text language sql stable as"
                        + " $$ select store_id from seed_stores where n = g % " + stores + " $$");
            }
            connection.setAutoCommit(false);
            for (long from = 1; from <= total; from += BATCH) {
                long to = Math.min(total, from + BATCH - 1);
                for (String sql : STATEMENTS) {
                    try (Statement batch = connection.createStatement()) {
                        batch.execute(sql.replace("$1", Long.toString(from)).replace("$2", Long.toString(to))
                                .replace("$3", "'" + clientId + "'").replace("$4", Long.toString(total)));
                    }
                }
                connection.commit();
                System.out.printf("seeded %,d of %,d orders (%d s)%n", to, total, (System.nanoTime() - started) / 1_000_000_000L);
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("drop function seed_order_id(bigint); drop function seed_store(bigint); drop function seed_at(bigint, bigint);"
                        + " drop function seed_report()");
                statement.execute("vacuum analyze");
                try (ResultSet size = statement.executeQuery("select pg_size_pretty(pg_database_size(current_database()))")) {
                    size.next();
                    System.out.printf("seeded %,d delivered orders in %d s; database %s%n", total,
                            (System.nanoTime() - started) / 1_000_000_000L, size.getString(1));
                }
            }
        }
    }

    /** SQL functions the statements share: ids, the store of an order, when it was placed, a store report. */
    private static String helpers() {
        return """
                create or replace function seed_order_id(g bigint) returns text language sql immutable as
                  $$ select 'o-' || md5('seed' || g)::uuid::text $$;
                create or replace function seed_at(g bigint, total bigint) returns timestamptz language sql stable as
                  $$ select now() - interval '30 days' + (g::double precision / greatest(total, 1)) * interval '29 days' $$;
                create temporary table if not exists seed_stores as
                  select store_id, row_number() over (order by store_id) - 1 as n from stores;
                create unique index if not exists seed_stores_n on seed_stores (n);
                create or replace function seed_report() returns jsonb language sql immutable as
                  $$ select jsonb_agg(jsonb_build_object('storeId', 'store-' || i, 'outcome', 'ANSWERED', 'latencyMs', 12))
                     from generate_series(1, 20) i $$;
                """;
    }
}
