package io.aisle.gateway.outbox;

import io.vertx.core.Future;

/**
 * Sends the outbox messages of one topic. The returned future succeeds once the receiver has
 * acknowledged the message; any failure (or no answer within the relay's handler timeout) makes the
 * relay try again later with backoff. A handler that knows the message can never be sent fails with
 * {@link Undeliverable}, and the relay gives it up at once. Handlers run on an event loop and must not
 * block; they may be called again for a message they already sent (delivery is at least once), so
 * receivers deduplicate by {@link OutboxMessage#externalId()}.
 */
@FunctionalInterface
public interface OutboxHandler {

    Future<Void> handle(OutboxMessage message);
}
