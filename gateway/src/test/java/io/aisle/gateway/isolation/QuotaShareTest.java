package io.aisle.gateway.isolation;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.gateway.config.ConfigLoader;
import io.aisle.gateway.store.Chain;
import io.aisle.gateway.store.StoreRegistry;
import io.aisle.gateway.testing.Infra;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway instances split a partner's quota between them, and take it back when one leaves. */
class QuotaShareTest {

    private Infra infra;
    private StoreRegistry registry;

    @BeforeEach
    void setUp() {
        infra = Infra.migrated();
        registry = new StoreRegistry(infra.pg, infra.redis);
        await(registry.upsertChain(new Chain("aisle-mart", "Aisle Mart", PartnerKind.AISLE_PARTNER_API, "http://127.0.0.1:9", null,
                10, 4)));
    }

    @AfterEach
    void tearDown() {
        infra.close();
    }

    @Test
    void twoInstancesEachApplyHalfOfTheChainsQuotaAndOneTakesItAllWhenTheOtherLeaves() {
        Isolation first = new Isolation(infra.vertx, Map.of("default", ConfigLoader.defaultBreakerProfile()), Clock.systemUTC());
        Isolation second = new Isolation(infra.vertx, Map.of("default", ConfigLoader.defaultBreakerProfile()), Clock.systemUTC());
        QuotaShare a = new QuotaShare(infra.vertx, infra.redis, registry, first, Clock.systemUTC(), Duration.ofSeconds(30));
        QuotaShare b = new QuotaShare(infra.vertx, infra.redis, registry, second, Clock.systemUTC(), Duration.ofSeconds(30));

        await(a.start());
        assertEquals(10, rate(first), "alone, an instance has the whole quota");
        await(b.start());
        await(a.refresh());

        assertEquals(2, a.instances());
        assertEquals(5, rate(first));
        assertEquals(5, rate(second));
        assertEquals(2, first.limitsOf("aisle-mart").orElseThrow().bulkhead().getBulkheadConfig().getMaxConcurrentCalls());

        await(b.stop());
        await(a.refresh());
        assertEquals(1, a.instances());
        assertEquals(10, rate(first), "the one left takes the whole quota back");
        await(a.stop());
    }

    @Test
    void sharesRoundUpSoNoInstanceIsLeftWithoutCalls() {
        assertEquals(4, QuotaShare.share(10, 3));
        assertEquals(1, QuotaShare.share(1, 5));
    }

    private static int rate(Isolation isolation) {
        return isolation.limitsOf("aisle-mart").orElseThrow().rateLimiter().getRateLimiterConfig().getLimitForPeriod();
    }
}
