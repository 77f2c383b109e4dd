package io.aisle.gateway.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Load shedding, early and fair: at most {@code limit} requests of one kind (orders, quotes) are
 * worked on at once by this instance; beyond that a request is answered 429 with Retry-After at
 * once, before it costs anything, instead of queueing until it times out. Priority requests
 * (hospitals, essential workers) may use every slot; ordinary ones leave {@code priorityShare} of
 * them free, so priority orders are shed last. Among ordinary requests each client with requests in
 * flight gets an equal share of the slots, so one client's surge does not shed everyone else.
 * Thread-safe: every event loop of the instance shares one.
 */
public final class Admission {

    private final String kind;
    private final int limit;
    private final int ordinaryLimit;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int inFlight;

    public Admission(String kind, int limit, double priorityShare) {
        if (limit < 1 || priorityShare < 0 || priorityShare >= 1) {
            throw new IllegalArgumentException("a limit of at least 1 and a priority share in [0, 1) are required");
        }
        this.kind = kind;
        this.limit = limit;
        this.ordinaryLimit = Math.max(1, (int) Math.floor(limit * (1 - priorityShare)));
    }

    /** A slot taken; release it exactly once when the request is answered. */
    interface Permit {
        void release();
    }

    /** A slot for a request of {@code clientId}, or empty (with why in {@code refusal}) when it is to be shed. */
    synchronized Optional<Permit> tryAdmit(String clientId, boolean priority, StringBuilder refusal) {
        int ofClient = byClient.getOrDefault(clientId, 0);
        if (priority) {
            if (inFlight >= limit) {
                refusal.append("this instance works on ").append(inFlight).append(' ').append(kind).append(" already");
                return Optional.empty();
            }
        } else {
            if (inFlight >= ordinaryLimit) {
                refusal.append("this instance works on ").append(inFlight).append(' ').append(kind)
                        .append(" already (the rest of its room is kept for priority orders)");
                return Optional.empty();
            }
            int clients = byClient.size() + (ofClient == 0 ? 1 : 0);
            int share = (ordinaryLimit + clients - 1) / clients;
            if (ofClient >= share) {
                refusal.append("this client has ").append(ofClient).append(' ').append(kind)
                        .append(" in flight, its share while ").append(clients).append(" clients are served");
                return Optional.empty();
            }
        }
        inFlight++;
        byClient.put(clientId, ofClient + 1);
        boolean[] released = {false};
        return Optional.of(() -> release(clientId, released));
    }

    private synchronized void release(String clientId, boolean[] released) {
        if (released[0]) {
            return;
        }
        released[0] = true;
        inFlight--;
        byClient.computeIfPresent(clientId, (id, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
