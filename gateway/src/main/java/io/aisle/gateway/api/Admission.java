package io.aisle.gateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Load shedding, early and fair: at most {@link AdmissionLimit#current()} requests of one kind
 * (orders, quotes) are worked on at once by this instance; beyond that a request is answered 429
 * with Retry-After at once, before it costs anything, instead of queueing until it times out. The
 * limit follows the latency of admitted requests when the instance is saturated (see
 * {@link AdmissionLimit}), so that under a surge the requests let in keep the calm latency. Priority
 * requests (hospitals, essential workers) may use every slot; ordinary ones leave
 * {@code priorityShare} of them free, so priority orders are shed last. Among ordinary requests each
 * client with requests in flight gets an equal share of the slots, so one client's surge does not
 * shed everyone else. Thread-safe: every event loop of the instance shares one.
 */
public final class Admission {

    /** Why a request was shed, the {@code reason} of {@code aisle_admission_shed_total}. */
    enum Shed {
        /** every slot of the instance is taken */
        CAPACITY("capacity"),
        /** the slots left are kept for priority requests */
        PRIORITY_ROOM("priority-room"),
        /** the client has its share of the slots in flight */
        CLIENT_SHARE("client-share");

        final String tag;

        Shed(String tag) {
            this.tag = tag;
        }
    }

    private final String kind;
    private final AdmissionLimit limit;
    private final double priorityShare;
    private final Map<String, Integer> byClient = new HashMap<>();
    private final Map<Shed, Counter> shedCounters = new EnumMap<>(Shed.class);
    private int inFlight;

    /** A fixed limit of {@code limit} requests at once. */
    public Admission(String kind, int limit, double priorityShare) {
        this(kind, AdmissionLimit.fixed(limit), priorityShare);
    }

    Admission(String kind, AdmissionLimit limit, double priorityShare) {
        if (priorityShare < 0 || priorityShare >= 1) {
            throw new IllegalArgumentException("a priority share in [0, 1) is required");
        }
        this.kind = kind;
        this.limit = limit;
        this.priorityShare = priorityShare;
    }

    /**
     * At most {@code ceiling} requests at once, fewer while the instance is saturated (as
     * {@code saturatedSince} tells of the span since a {@link System#nanoTime()} instant) and admitted
     * requests answer slower than they did while it kept up.
     */
    public static Admission adaptive(String kind, int ceiling, double priorityShare, LongPredicate saturatedSince) {
        return new Admission(kind, AdmissionLimit.adaptive(kind, ceiling, saturatedSince, System::nanoTime), priorityShare);
    }

    /** Gauges of the limit and the requests in flight, and counters of the shed ones, tagged with this kind. */
    public Admission measuredBy(MeterRegistry registry) {
        Gauge.builder("aisle.admission.limit", this, a -> a.limit())
                .description("Requests of this kind the instance lets in at once now (lowered while it is saturated)")
                .tag("kind", kind).register(registry);
        Gauge.builder("aisle.admission.in.flight", this, a -> a.inFlight())
                .description("Requests of this kind being worked on now").tag("kind", kind).register(registry);
        Gauge.builder("aisle.admission.calm.latency", this, a -> a.calmMillis() / 1000)
                .description("Latency of admitted requests learnt while the instance kept up (p90 per window)")
                .baseUnit("seconds").tag("kind", kind).register(registry);
        synchronized (this) {
            for (Shed shed : Shed.values()) {
                shedCounters.put(shed, Counter.builder("aisle.admission.shed")
                        .description("Requests answered 429 at the door, by why").tag("kind", kind).tag("reason", shed.tag)
                        .register(registry));
            }
        }
        return this;
    }

    /** A slot taken; release it exactly once when the request is answered. */
    interface Permit {
        void release();
    }

    /** A slot for a request of {@code clientId}, or empty (with why in {@code refusal}) when it is to be shed. */
    synchronized Optional<Permit> tryAdmit(String clientId, boolean priority, StringBuilder refusal) {
        int ofClient = byClient.getOrDefault(clientId, 0);
        int all = limit.current();
        if (priority) {
            if (inFlight >= all) {
                refusal.append("this instance works on ").append(inFlight).append(' ').append(kind).append(" already");
                return shed(Shed.CAPACITY);
            }
        } else {
            int ordinaryLimit = Math.max(1, (int) Math.floor(all * (1 - priorityShare)));
            if (inFlight >= ordinaryLimit) {
                refusal.append("this instance works on ").append(inFlight).append(' ').append(kind).append(" already");
                if (priorityShare > 0) {
                    refusal.append(" (the rest of its room is kept for priority orders)");
                }
                return shed(inFlight >= all ? Shed.CAPACITY : Shed.PRIORITY_ROOM);
            }
            int clients = byClient.size() + (ofClient == 0 ? 1 : 0);
            int share = (ordinaryLimit + clients - 1) / clients;
            if (ofClient >= share) {
                refusal.append("this client has ").append(ofClient).append(' ').append(kind)
                        .append(" in flight, its share while ").append(clients).append(" clients are served");
                return shed(Shed.CLIENT_SHARE);
            }
        }
        inFlight++;
        byClient.put(clientId, ofClient + 1);
        boolean[] released = {false};
        long admittedAt = limit.now();
        return Optional.of(() -> release(clientId, released, admittedAt));
    }

    private Optional<Permit> shed(Shed why) {
        limit.shed();
        Counter counter = shedCounters.get(why);
        if (counter != null) {
            counter.increment();
        }
        return Optional.empty();
    }

    private synchronized void release(String clientId, boolean[] released, long admittedAt) {
        if (released[0]) {
            return;
        }
        released[0] = true;
        inFlight--;
        byClient.computeIfPresent(clientId, (id, n) -> n <= 1 ? null : n - 1);
        limit.answered(admittedAt);
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int limit() {
        return limit.current();
    }

    synchronized double calmMillis() {
        return limit.calmMillis();
    }
}
