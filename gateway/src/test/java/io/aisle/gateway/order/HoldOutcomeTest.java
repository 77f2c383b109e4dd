package io.aisle.gateway.order;

import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.outbox.OutboxFixtures.insertOrder;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.gateway.order.model.HoldAnswer;
import io.aisle.gateway.testing.Infra;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a store answered to a hold, recorded so that no hold stays open at a store that no order needs:
 * an unclear answer (timeout, reset) is released, a hold granted after its release is released again.
 */
class HoldOutcomeTest {

    private static Infra infra;
    private static OrderChanges changes;

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        insertClient(infra.pg, "app-one", null, null);
        await(infra.pg.query("insert into chains (chain_id, name, kind) values ('hold-chain', 'Hold', 'AISLE_PARTNER_API')").execute());
        await(infra.pg.query("insert into stores (store_id, chain_id, partner_store_id, name, lat, lon) "
                + "values ('hold-store', 'hold-chain', 'hs', 'Hold store', 30.59, 114.30)").execute());
        changes = new OrderChanges(infra.pg, new OrderStore(), new HoldStore(), new IdempotencyKeyStore(), Clock.systemUTC(),
                Duration.ofSeconds(30), () -> { });
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void aHoldTheStoreGaveNoClearAnswerToIsReleased() {
        hold("o-unclear", "h-unclear", "TAKING");

        await(changes.holdOutcome("h-unclear", HoldAnswer.unclear("TIMEOUT at store hold-store: no answer within 1000 ms")));

        assertEquals("RELEASING", status("h-unclear"));
        assertEquals(List.of("release:h-unclear"), releases("o-unclear"));
    }

    @Test
    void aHoldTheStoreRefusedIsOnlyRecorded() {
        hold("o-refused", "h-refused", "TAKING");

        await(changes.holdOutcome("h-refused", HoldAnswer.refused("REJECTED at store hold-store: out of stock")));

        assertEquals("FAILED", status("h-refused"));
        assertEquals(List.of(), releases("o-refused"));
    }

    @Test
    void aHoldGrantedAfterItWasReleasedIsReleasedAgain() {
        // the order was cancelled while the hold was on its way: the release reached the store first
        hold("o-crossed", "h-crossed", "RELEASED");

        await(changes.holdOutcome("h-crossed", HoldAnswer.taken()));

        assertEquals("RELEASED", status("h-crossed"), "the hold stays released here");
        assertEquals(List.of("release-again:h-crossed"), releases("o-crossed"), "and the store is told once more");
    }

    private static void hold(String orderId, String holdId, String status) {
        insertOrder(infra.pg, orderId, "app-one", "hh-1");
        await(infra.pg.preparedQuery("""
                insert into holds (hold_id, order_id, store_id, status, lines, expires_at)
                values ($1, $2, 'hold-store', $3, '[]', now() + interval '15 minutes')""").execute(Tuple.of(holdId, orderId, status)));
    }

    private static String status(String holdId) {
        return await(infra.pg.preparedQuery("select status from holds where hold_id = $1").execute(Tuple.of(holdId)))
                .iterator().next().getString(0);
    }

    private static List<String> releases(String orderId) {
        List<String> ids = new ArrayList<>();
        await(infra.pg.preparedQuery("select external_id from outbox where aggregate_id = $1 and topic = 'hold.release' order by id")
                .execute(Tuple.of(orderId))).forEach(row -> ids.add(row.getString(0)));
        return ids;
    }
}
