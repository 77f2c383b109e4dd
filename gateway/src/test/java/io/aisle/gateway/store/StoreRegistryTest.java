package io.aisle.gateway.store;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.testing.Infra;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoreRegistryTest {

    private static final GeoPoint CENTRE = new GeoPoint(30.5928, 114.3055);
    private static Infra infra;
    private static StoreRegistry registry;

    @BeforeAll
    static void seed() {
        infra = Infra.migrated();
        registry = new StoreRegistry(infra.pg, infra.redis);
        await(registry.upsertChain(new Chain("aisle-mart", "Aisle Mart", PartnerKind.AISLE_PARTNER_API,
                "http://127.0.0.1:9/aisle-partner", null, 100, 50)));
        List<Store> stores = new ArrayList<>();
        // a line of stores going north from the centre, one every ~1.1 km (0.01 degree of latitude)
        for (int i = 0; i < 1200; i++) {
            stores.add(store("aisle-mart-" + i, new GeoPoint(CENTRE.lat() + i * 0.01 / 100, CENTRE.lon())));
        }
        await(registry.upsertStores(stores));
    }

    @AfterAll
    static void close() {
        infra.close();
    }

    @Test
    void findsStoresWithinTheRadiusNearestFirst() {
        List<NearbyStore> nearby = await(registry.nearby(CENTRE, 0.5, 1000));

        assertFalse(nearby.isEmpty());
        for (int i = 1; i < nearby.size(); i++) {
            assertTrue(nearby.get(i - 1).distanceKm() <= nearby.get(i).distanceKm(), "sorted by distance");
        }
        assertTrue(nearby.stream().allMatch(n -> n.distanceKm() <= 0.5), "nothing beyond the radius");
        assertEquals("aisle-mart-0", nearby.get(0).store().storeId());
        // 0.5 km north is 0.0045 degrees: stores 0..44 are inside
        assertEquals(45, nearby.size());
    }

    @Test
    void honoursTheCandidateLimit() {
        List<NearbyStore> nearby = await(registry.nearby(CENTRE, 5, 20));
        assertEquals(20, nearby.size());
        assertEquals("aisle-mart-19", nearby.get(19).store().storeId());
    }

    @Test
    void findsStoresFromTheRegistryWhileRedisLostTheGeoIndexAndRebuildsIt() {
        java.util.Set<String> fromTheIndex = await(registry.nearby(CENTRE, 1, 2000)).stream().map(n -> n.store().storeId())
                .collect(java.util.stream.Collectors.toSet());
        java.util.concurrent.atomic.AtomicInteger missing = new java.util.concurrent.atomic.AtomicInteger();
        registry.whenIndexMissing(missing::incrementAndGet);
        await(infra.redis.send(Request.cmd(Command.DEL).arg(StoreRegistry.GEO_KEY)));

        List<NearbyStore> fromTheRegistry = await(registry.nearby(CENTRE, 1, 2000));

        assertEquals(fromTheIndex, fromTheRegistry.stream().map(n -> n.store().storeId()).collect(java.util.stream.Collectors.toSet()),
                "the same stores within the radius, without the index");
        for (int i = 1; i < fromTheRegistry.size(); i++) {
            assertTrue(fromTheRegistry.get(i - 1).distanceKm() <= fromTheRegistry.get(i).distanceKm(), "nearest first");
        }
        assertEquals(1, missing.get(), "the missing index is reported, to be rebuilt");
        assertEquals(1200, await(registry.rebuildGeoIndex()));
        assertEquals(10, await(registry.nearby(CENTRE, 1, 10)).size());
        assertEquals(1, missing.get(), "found in the index again");
        registry.whenIndexMissing(() -> { });
    }

    @Test
    void pausesAndResumesAStoreWithAReason() {
        assertTrue(await(registry.pause("aisle-mart-7", "freezer broken")));
        Store paused = await(registry.find("aisle-mart-7")).orElseThrow();
        assertTrue(paused.paused());
        assertEquals("freezer broken", paused.pauseReason());

        assertTrue(await(registry.resume("aisle-mart-7")));
        assertFalse(await(registry.find("aisle-mart-7")).orElseThrow().paused());
        assertFalse(await(registry.pause("no-such-store", "x")), "pausing an unknown store reports it");
    }

    @Test
    void storesOpeningHoursAcrossMidnight() {
        Store night = new Store("n", "aisle-mart", null, "Night", CENTRE, LocalTime.of(22, 0), LocalTime.of(6, 0),
                null, false, null, null);
        assertTrue(night.isOpenAt(Instant.parse("2026-11-25T15:00:00Z")), "23:00 in Wuhan");
        assertFalse(night.isOpenAt(Instant.parse("2026-11-25T04:00:00Z")), "12:00 in Wuhan");
    }

    private static Store store(String id, GeoPoint location) {
        return new Store(id, "aisle-mart", null, "Aisle Mart " + id, location, null, null, null, false, null, null);
    }
}
