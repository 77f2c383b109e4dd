package io.aisle.gateway.outbox;

import io.vertx.core.json.JsonObject;

/**
 * One thing that must be sent, as written in the outbox by the state change that requires it.
 *
 * @param topic       what kind of message it is; the relay hands it to the handler registered for it
 * @param aggregateId what it is about (an order id): messages of one topic and aggregate are sent one
 *                    at a time, in the order they were written
 * @param externalId  unique across the outbox; receivers use it to recognise a retry of a message they
 *                    have already acted on
 * @param payload     the message itself, as the handler of the topic reads it
 * @param causedBy    the order whose trace the message continues when it is sent (null: none), e.g. the
 *                    order a webhook is about, or the first order of a pick list or a trip
 */
public record OutboxMessage(String topic, String aggregateId, String externalId, JsonObject payload, String causedBy) {

    public OutboxMessage {
        requireText(topic, "topic", 100);
        requireText(aggregateId, "aggregateId", 200);
        requireText(externalId, "externalId", 300);
        if (payload == null) {
            throw new IllegalArgumentException("payload is required");
        }
    }

    /** A message caused by no order in particular: it starts a trace of its own when sent. */
    public OutboxMessage(String topic, String aggregateId, String externalId, JsonObject payload) {
        this(topic, aggregateId, externalId, payload, null);
    }

    private static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " has at most " + maxLength + " characters, got " + value.length());
        }
    }
}
