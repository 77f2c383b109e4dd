package io.aisle.adapters.stock;

import io.aisle.contracts.partner.StockAnswer;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.partner.StockPush;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stock snapshots of stores in Redis: pushed by push-only chains, or a store's recent answer kept
 * for a few seconds. One hash per store, {@code aisle:stock:{<storeId>}}: a field per GTIN holding
 * {@code available|amount|currency} ({@code 0|0|-} for a product the store was asked about and does
 * not sell), plus {@code _asOf} (epoch millis) and {@code _seq} (the last applied push sequence). The
 * key expires with the snapshot's freshness. The store id is the key's hash tag, so scripts that
 * read a store's snapshot together with other per-store keys tagged the same way (the push-only
 * chain's soft holds) stay within one Redis Cluster slot.
 */
public final class StockSnapshots {

    public static final String KEY_PREFIX = "aisle:stock:";
    private static final String AS_OF = "_asOf";
    private static final String SEQUENCE = "_seq";

    /**
     * Applies a push atomically, only if its sequence is newer than the last applied one, and a DELTA
     * only on top of a snapshot. KEYS[1] = hash; ARGV = kind, sequence, asOf, ttlMillis, then
     * gtin/value pairs. Returns 1 when applied, 0 for an older sequence, -1 for a delta without a
     * snapshot to apply it to.
     */
    private static final String APPLY_PUSH = """
            local last = tonumber(redis.call('HGET', KEYS[1], '_seq') or '-1')
            local seq = tonumber(ARGV[2])
            if seq <= last then return 0 end
            if ARGV[1] == 'DELTA' and redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            if ARGV[1] == 'SNAPSHOT' then redis.call('DEL', KEYS[1]) end
            redis.call('HSET', KEYS[1], '_seq', ARGV[2], '_asOf', ARGV[3])
            for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1""";

    private final Redis redis;
    private final Clock clock;

    public StockSnapshots(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** What became of a push. */
    public enum PushOutcome {
        /** The store's snapshot now reflects the push. */
        APPLIED,
        /** A push with this or a newer sequence was already applied; this one changed nothing. */
        OLDER_SEQUENCE,
        /** A DELTA for a store without a snapshot: there is nothing to apply it to, so it changed nothing. */
        NO_SNAPSHOT
    }

    public static String key(String storeId) {
        return KEY_PREFIX + "{" + storeId + "}";
    }

    /** Applies a pushed snapshot or delta; false when it changed nothing (see {@link #apply}). */
    public Future<Boolean> applyPush(StockPush push, Duration freshFor) {
        return apply(push, freshFor).map(outcome -> outcome == PushOutcome.APPLIED);
    }

    /**
     * Applies a pushed snapshot or delta atomically: a SNAPSHOT replaces the store's snapshot, a DELTA
     * overwrites the levels it lists. A push whose sequence is not newer than the last applied one,
     * and a DELTA for a store without a snapshot, change nothing. The snapshot expires {@code freshFor}
     * after the last applied push.
     */
    public Future<PushOutcome> apply(StockPush push, Duration freshFor) {
        Request eval = Request.cmd(Command.EVAL).arg(APPLY_PUSH).arg(1).arg(key(push.storeId()))
                .arg(push.kind().name()).arg(push.sequence()).arg(push.asOf().toEpochMilli()).arg(freshFor.toMillis());
        for (StockItem item : push.items()) {
            eval.arg(item.gtin().value()).arg(encode(item));
        }
        return redis.send(eval).map(reply -> switch (reply == null ? 0 : reply.toInteger()) {
            case 1 -> PushOutcome.APPLIED;
            case -1 -> PushOutcome.NO_SNAPSHOT;
            default -> PushOutcome.OLDER_SEQUENCE;
        });
    }

    /**
     * Keeps a store's answer for {@code freshFor} (only the products it was asked about), stamped with
     * the time it was received; a zero duration keeps nothing.
     */
    public Future<Void> remember(StockAnswer answer, List<Gtin> asked, Duration freshFor) {
        if (freshFor.isZero() || freshFor.isNegative()) {
            return Future.succeededFuture();
        }
        Request set = Request.cmd(Command.HSET).arg(key(answer.storeId())).arg(AS_OF).arg(clock.instant().toEpochMilli());
        List<Gtin> listed = new ArrayList<>();
        for (StockItem item : answer.items()) {
            set.arg(item.gtin().value()).arg(encode(item));
            listed.add(item.gtin());
        }
        for (Gtin gtin : asked) {
            if (!listed.contains(gtin)) {
                set.arg(gtin.value()).arg("0|0|-");
            }
        }
        return redis.batch(List.of(set, Request.cmd(Command.PEXPIRE).arg(key(answer.storeId())).arg(freshFor.toMillis())))
                .mapEmpty();
    }

    /**
     * The snapshot's answer for {@code gtins}, if the store has a snapshot that covers every one of
     * them and is younger than {@code maxAge}. Products the store does not sell are absent from it.
     */
    public Future<Optional<StockAnswer>> read(String storeId, List<Gtin> gtins, Duration maxAge) {
        Request get = Request.cmd(Command.HMGET).arg(key(storeId)).arg(AS_OF);
        for (Gtin gtin : gtins) {
            get.arg(gtin.value());
        }
        return redis.send(get).map(reply -> decode(storeId, gtins, reply, maxAge));
    }

    /**
     * As {@link #read} for several stores in one pipelined round trip: one answer per store, in the
     * order of {@code storeIds}.
     */
    public Future<List<Optional<StockAnswer>>> readAll(List<String> storeIds, List<Gtin> gtins, Duration maxAge) {
        if (storeIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Request> gets = new ArrayList<>(storeIds.size());
        for (String storeId : storeIds) {
            Request get = Request.cmd(Command.HMGET).arg(key(storeId)).arg(AS_OF);
            for (Gtin gtin : gtins) {
                get.arg(gtin.value());
            }
            gets.add(get);
        }
        return redis.batch(gets).map(replies -> {
            List<Optional<StockAnswer>> answers = new ArrayList<>(storeIds.size());
            for (int i = 0; i < storeIds.size(); i++) {
                answers.add(decode(storeIds.get(i), gtins, replies.get(i), maxAge));
            }
            return answers;
        });
    }

    private Optional<StockAnswer> decode(String storeId, List<Gtin> gtins, Response reply, Duration maxAge) {
        if (reply == null || reply.size() == 0 || reply.get(0) == null) {
            return Optional.empty();
        }
        Instant asOf = Instant.ofEpochMilli(reply.get(0).toLong());
        if (asOf.isBefore(clock.instant().minus(maxAge))) {
            return Optional.empty();
        }
        List<StockItem> items = new ArrayList<>();
        for (int i = 0; i < gtins.size(); i++) {
            Response value = reply.get(i + 1);
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.toString().split("\\|");
            if (parts.length != 3) {
                return Optional.empty();
            }
            if (!"-".equals(parts[2])) {
                items.add(new StockItem(gtins.get(i), Integer.parseInt(parts[0]), Money.of(Long.parseLong(parts[1]), parts[2])));
            }
        }
        return Optional.of(new StockAnswer(storeId, asOf, items));
    }

    /**
     * The units of a snapshot field value ({@code available|amount|currency}), or -1 when the value
     * says the store does not sell the product or cannot be read.
     */
    public static int level(String value) {
        if (value == null) {
            return -1;
        }
        String[] parts = value.split("\\|");
        if (parts.length != 3 || "-".equals(parts[2])) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The stock item of a snapshot field value, or empty when the store does not sell the product. */
    public static Optional<StockItem> item(Gtin gtin, String value) {
        int level = level(value);
        if (level < 0) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|");
        return Optional.of(new StockItem(gtin, level, Money.of(Long.parseLong(parts[1]), parts[2])));
    }

    private static String encode(StockItem item) {
        return item.available() + "|" + item.unitPrice().amount() + "|" + item.unitPrice().currency();
    }

}
