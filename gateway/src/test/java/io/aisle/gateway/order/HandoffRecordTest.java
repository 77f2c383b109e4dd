package io.aisle.gateway.order;

import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.Handoff;
import io.aisle.contracts.api.HandoffMode;
import io.aisle.gateway.testing.Infra;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a delivered order was handed over, as the rider reported it: recorded once while it is being
 * delivered, with the code the rider was told checked against the order's own, and shown on the order.
 */
class HandoffRecordTest {

    private static final Instant AT = Instant.parse("2026-12-02T05:00:00.123456789Z");
    private static Infra infra;
    private static final OrderStore ORDERS = new OrderStore();

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        insertClient(infra.pg, "app-one", null, null);
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void theCodeTheRiderWasToldIsCheckedAgainstTheOrders() {
        order("o-right", "PICKED_UP", "482913");
        order("o-wrong", "PICKED_UP", "482913");
        order("o-none", "PICKED_UP", "482913");

        Handoff right = record("o-right", HandoffMode.HAND_TO_STAFF, "482913").orElseThrow();
        Handoff wrong = record("o-wrong", HandoffMode.CALL_ON_ARRIVAL, "111111").orElseThrow();
        Handoff none = record("o-none", HandoffMode.LEAVE_AT_DOOR, null).orElseThrow();

        assertTrue(right.codeChecked());
        assertFalse(wrong.codeChecked(), "a code that is not the order's is not a checked one");
        assertFalse(none.codeChecked());
        assertEquals(AT.truncatedTo(java.time.temporal.ChronoUnit.MICROS), right.at(), "kept as PostgreSQL keeps it");
        assertEquals(HandoffMode.CALL_ON_ARRIVAL, wrong.mode());
    }

    @Test
    void anOrderNotBeingDeliveredGetsNoHandoff() {
        order("o-delivered", "DELIVERED", "482913");
        order("o-ready", "READY", "482913");

        assertTrue(record("o-delivered", HandoffMode.IN_PERSON, "482913").isEmpty(), "a repeated report changes nothing");
        assertTrue(record("o-ready", HandoffMode.IN_PERSON, "482913").isEmpty());
        assertEquals(0L, await(infra.pg.query("select count(*) from orders where order_id in ('o-delivered', 'o-ready') "
                + "and handoff_mode is not null").execute()).iterator().next().getLong(0));
    }

    private static Optional<Handoff> record(String orderId, HandoffMode mode, String code) {
        return await(ORDERS.recordHandoff(infra.pg, orderId, mode, AT, code));
    }

    private static void order(String orderId, String status, String code) {
        await(infra.pg.preparedQuery("insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, "
                + "accept_partial, request, total_amount, currency, handoff_code) "
                + "values ($1, 'app-one', 'hh-1', $2, 30.59, 114.30, true, '{}', 1990, 'CNY', $3)")
                .execute(Tuple.of(orderId, status, code)));
    }
}
