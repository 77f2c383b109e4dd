package io.aisle.gateway.reference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which version of the reference data (catalogue and lockdown rules, store registry, chains' product
 * codes) is current, shared by every gateway instance through Redis. Each instance keeps that data in
 * memory; an admin change commits in PostgreSQL, then sets a new version token of its area in the
 * hash {@value #KEY}, and only then answers. Every quote reads the tokens in the same pipelined round
 * trip as its candidate stores, so a quote that starts after an admin call answered, on any instance,
 * finds the data changed and reloads it. Tokens are random, not counters: after Redis lost its data
 * (no token), or after any change, no instance can mistake an old copy for the current one. A
 * periodic read catches changes on instances that serve no quotes.
 */
public final class ReferenceVersions {

    public static final String KEY = "aisle:reference:versions";
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceVersions.class);
    private static final String NONE = "none";

    /** The areas of reference data, each with its own token. */
    public enum Area {
        /** Products, their shelves and weights, and their lockdown rules (purchase caps, price ceilings). */
        CATALOGUE,
        /** Stores: where they are, their opening hours, and whether they are paused. */
        STORES,
        /** The chains' own product codes. */
        MAPPINGS,
        /** Chains: their endpoints, credentials, quotas and breaker profiles, and whether they are enabled. */
        CHAINS;

        String field() {
            return name().toLowerCase();
        }
    }

    /** The tokens of every area as last read from Redis. */
    public record Tokens(Map<Area, String> byArea) {

        public Tokens {
            byArea = Map.copyOf(byArea);
        }

        public String of(Area area) {
            return byArea.getOrDefault(area, NONE);
        }
    }

    private final Redis redis;
    private volatile Tokens lastRead;
    private long timer = -1;
    private Vertx vertx;

    public ReferenceVersions(Redis redis) {
        this.redis = redis;
        Map<Area, String> unknown = new EnumMap<>(Area.class);
        for (Area area : Area.values()) {
            unknown.put(area, "unread:" + UUID.randomUUID());
        }
        this.lastRead = new Tokens(unknown);
    }

    /** Reads the tokens now and then every {@code period} (failures only logged: the last tokens stay). */
    public Future<Tokens> start(Vertx vertx, Duration period) {
        this.vertx = vertx;
        timer = vertx.setPeriodic(period.toMillis(), id -> read().onFailure(failure ->
                LOG.warn("reference data versions not read, keeping the last ones: {}", failure.toString())));
        return read();
    }

    public void stop() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The tokens as last read (by a quote, a periodic read or {@link #read()}). */
    public Tokens lastRead() {
        return lastRead;
    }

    /** Reads the tokens now. */
    public Future<Tokens> read() {
        return redis.send(request()).map(this::observed);
    }

    /** The request that reads the tokens, to send in a pipeline with others; give its reply to {@link #observed}. */
    public Request request() {
        Request get = Request.cmd(Command.HMGET).arg(KEY);
        for (Area area : Area.values()) {
            get.arg(area.field());
        }
        return get;
    }

    /** The tokens in a reply to {@link #request()}; they become {@link #lastRead()}. */
    public Tokens observed(Response reply) {
        Map<Area, String> tokens = new EnumMap<>(Area.class);
        Area[] areas = Area.values();
        for (int i = 0; i < areas.length; i++) {
            Response token = reply == null || reply.size() <= i ? null : reply.get(i);
            tokens.put(areas[i], token == null ? NONE : token.toString());
        }
        Tokens read = new Tokens(tokens);
        lastRead = read;
        return read;
    }

    /**
     * Announces that {@code areas} changed (call it after the change committed): every instance
     * reloads them before it uses them next. Fails when Redis cannot be told.
     */
    public Future<Void> changed(Area... areas) {
        Request set = Request.cmd(Command.HSET).arg(KEY);
        List<String> fields = new ArrayList<>();
        for (Area area : areas) {
            set.arg(area.field()).arg(UUID.randomUUID().toString());
            fields.add(area.field());
        }
        return redis.send(set).compose(ignored -> read()).onSuccess(ignored -> LOG.debug("reference data changed: {}", fields))
                .mapEmpty();
    }
}
