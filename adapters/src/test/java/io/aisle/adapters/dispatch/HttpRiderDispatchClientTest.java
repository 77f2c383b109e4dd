package io.aisle.adapters.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.testing.Ports;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What holds for the client whatever dispatch is behind it. */
@ExtendWith(VertxExtension.class)
class HttpRiderDispatchClientTest {

    @Test
    void reportsARefusedConnectionAsUnavailable(Vertx vertx, VertxTestContext ctx) {
        RiderDispatch nobodyHome = new HttpRiderDispatchClient(vertx,
                RiderDispatchEndpoint.of("http://127.0.0.1:" + Ports.freePort() + "/rider-dispatch", "key"));
        nobodyHome.createTrip(TripFixtures.singlePickupTrip(TripFixtures.tripId(), Instant.now()))
                .eventually(nobodyHome::close)
                .onComplete(ctx.failing(error -> ctx.verify(() -> {
                    PartnerFailure failure = assertInstanceOf(PartnerFailure.class, error);
                    assertEquals(PartnerFailure.Kind.UNAVAILABLE, failure.kind());
                    assertEquals(HttpRiderDispatchClient.PARTNER_ID, failure.chainId());
                    ctx.completeNow();
                })));
    }

    @Test
    void rejectsATripIdThatCannotBeOneWithoutSendingIt(Vertx vertx, VertxTestContext ctx) {
        RiderDispatch dispatch = new HttpRiderDispatchClient(vertx,
                RiderDispatchEndpoint.of("http://127.0.0.1:" + Ports.freePort() + "/rider-dispatch", "key"));
        dispatch.cancelTrip("../../admin", "why not")
                .eventually(dispatch::close)
                .onComplete(ctx.failing(error -> ctx.verify(() -> {
                    assertEquals(PartnerFailure.Kind.REJECTED, assertInstanceOf(PartnerFailure.class, error).kind());
                    ctx.completeNow();
                })));
    }

    @Test
    void endpointRefusesWhatCannotWork() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new RiderDispatchEndpoint("ftp://dispatch", "key", 4, 16, second));
        assertThrows(IllegalArgumentException.class, () -> new RiderDispatchEndpoint("http://dispatch", " ", 4, 16, second));
        assertThrows(IllegalArgumentException.class, () -> new RiderDispatchEndpoint("http://dispatch", "key", 0, 16, second));
        assertThrows(IllegalArgumentException.class, () -> new RiderDispatchEndpoint("http://dispatch", "key", 4, -1, second));
        assertThrows(IllegalArgumentException.class, () -> new RiderDispatchEndpoint("http://dispatch", "key", 4, 16, Duration.ZERO));
    }

    @Test
    void endpointDropsATrailingSlashAndNeverPrintsTheKey() {
        RiderDispatchEndpoint endpoint = RiderDispatchEndpoint.of("http://dispatch:8090/rider-dispatch/", "s3cret-key");
        assertEquals("http://dispatch:8090/rider-dispatch", endpoint.baseUrl());
        assertFalse(endpoint.toString().contains("s3cret-key"));
    }
}
