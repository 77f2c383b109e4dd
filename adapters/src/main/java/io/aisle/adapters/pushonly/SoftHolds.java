package io.aisle.adapters.pushonly;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.stock.StockSnapshots;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.partner.HoldRequest;
import io.aisle.contracts.partner.HoldStatus;
import io.aisle.contracts.partner.StockItem;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Soft holds of push-only stores, kept atomically in Redis next to the stock snapshot the chain
 * pushed. A push-only chain cannot set stock aside itself, so Aisle does it on the chain's behalf:
 * a soft hold is a claim on the snapshot's units that the chain does not know about.
 *
 * <p>Every operation is one Lua script over the store's keys (see {@link StoreKeys}), so two gateway
 * instances holding the last units of a product at once cannot both get them:
 * <ul>
 *   <li>free units of a product = the snapshot's level minus the units of live soft holds (a per-GTIN
 *       counter, never below zero in answers);</li>
 *   <li>a hold is taken only when every line fits, and then for every line; the same hold id again
 *       returns the hold as it stands (held, released or expired), without holding twice;</li>
 *   <li>expiry needs no sweeper: every script first closes the holds whose {@code expiresAt} has
 *       passed (a sorted set by expiry) and gives their units back, by the caller's clock;</li>
 *   <li>closed holds are remembered for {@link PushOnlySettings#closedHoldRetention()}, so a late
 *       replay of a hold request does not take stock again.</li>
 * </ul>
 *
 * <p><b>Reconciliation.</b> A SNAPSHOT is the chain's own count of what it can still sell. Once the
 * chain has pulled a pick list it sets that stock aside itself, so every later snapshot already
 * reflects it. When a snapshot arrives, {@link #reconcile} therefore
 * <ol>
 *   <li>closes holds that have expired;</li>
 *   <li>settles (closes as RELEASED) the holds of orders whose pick list the chain pulled at least
 *       {@link PushOnlySettings#settleGrace()} before the snapshot's {@code asOf}: keeping them would
 *       count those units twice;</li>
 *   <li>re-checks the remaining holds against the new levels, oldest first, rebuilds the per-GTIN
 *       counters from them, and reports every hold line that no longer fits. Such holds stay held: the
 *       units were promised to an order and the gateway decides (re-source, short-pick, refund); free
 *       units read zero until stock comes back.</li>
 * </ol>
 * Times are epoch milliseconds of the gateway's {@link Clock}; a snapshot's {@code asOf} is the chain's.
 */
public final class SoftHolds {

    /** Status of a hold settled by a snapshot; reported as {@link HoldStatus#RELEASED}. */
    static final String SETTLED = "SETTLED";

    private static final String PRELUDE = """
            local now = tonumber(ARGV[1])
            local keep = tonumber(ARGV[2])
            local ttl = tonumber(ARGV[3])
            local function level(gtin)
              local v = redis.call('HGET', KEYS[1], gtin)
              if not v then return nil end
              local units, currency = string.match(v, '^(%d+)|%d+|(.+)$')
              if (not units) or currency == '-' then return nil end
              return tonumber(units)
            end
            local function unreserve(h)
              for _, l in ipairs(h.lines) do
                if redis.call('HINCRBY', KEYS[4], l.gtin, -l.quantity) <= 0 then redis.call('HDEL', KEYS[4], l.gtin) end
              end
            end
            local function close(id, h, status)
              h.status = status
              h.closedAt = now
              redis.call('HSET', KEYS[2], id, cjson.encode(h))
              redis.call('ZREM', KEYS[3], id)
              redis.call('ZADD', KEYS[5], now + keep, id)
            end
            local function purge()
              local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 512)
              for _, id in ipairs(due) do
                local raw = redis.call('HGET', KEYS[2], id)
                local h = raw and cjson.decode(raw)
                if h and h.status == 'HELD' then
                  unreserve(h)
                  close(id, h, 'EXPIRED')
                else
                  redis.call('ZREM', KEYS[3], id)
                end
              end
              local gone = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'LIMIT', 0, 512)
              for _, id in ipairs(gone) do
                redis.call('HDEL', KEYS[2], id)
                redis.call('ZREM', KEYS[5], id)
              end
            end
            local function touch()
              for i = 2, 6 do redis.call('PEXPIRE', KEYS[i], ttl) end
            end
            """;

    /** ARGV[4..]: gtins. Returns asOf, then per gtin its snapshot value and reserved units (nil when none). */
    private static final LuaScript STOCK = new LuaScript(PRELUDE + """
            purge()
            local out = {redis.call('HGET', KEYS[1], '_asOf') or false}
            for i = 4, #ARGV do
              out[#out + 1] = redis.call('HGET', KEYS[1], ARGV[i]) or false
              out[#out + 1] = redis.call('HGET', KEYS[4], ARGV[i]) or false
            end
            return out""");

    /**
     * ARGV[4] holdId, [5] record, [6] expiresAt, [7] oldest acceptable asOf, [8] why the request is
     * invalid as a new hold (empty when it is valid), [9..] gtin/quantity pairs (merged).
     */
    private static final LuaScript HOLD = new LuaScript(PRELUDE + """
            purge()
            local id = ARGV[4]
            local existing = redis.call('HGET', KEYS[2], id)
            if existing then return {'EXISTING', existing} end
            if ARGV[8] ~= '' then return {'INVALID', ARGV[8]} end
            local asOf = redis.call('HGET', KEYS[1], '_asOf')
            if not asOf then return {'NO_SNAPSHOT'} end
            if tonumber(asOf) < tonumber(ARGV[7]) then return {'STALE', asOf} end
            local short = {}
            for i = 9, #ARGV, 2 do
              local gtin, want = ARGV[i], tonumber(ARGV[i + 1])
              local units = level(gtin)
              if not units then
                short[#short + 1] = gtin .. ' is not sold here'
              else
                local free = units - tonumber(redis.call('HGET', KEYS[4], gtin) or '0')
                if free < want then short[#short + 1] = gtin .. ': ' .. want .. ' wanted, ' .. math.max(free, 0) .. ' free' end
              end
            end
            if #short > 0 then return {'SHORT', table.concat(short, '; ')} end
            for i = 9, #ARGV, 2 do redis.call('HINCRBY', KEYS[4], ARGV[i], ARGV[i + 1]) end
            redis.call('HSET', KEYS[2], id, ARGV[5])
            redis.call('ZADD', KEYS[3], ARGV[6], id)
            touch()
            return {'CREATED', ARGV[5]}""");

    /** ARGV[4] holdId. Returns RELEASED when it was held until now, else UNKNOWN or the status it had. */
    private static final LuaScript RELEASE = new LuaScript(PRELUDE + """
            purge()
            local raw = redis.call('HGET', KEYS[2], ARGV[4])
            if not raw then return 'UNKNOWN' end
            local h = cjson.decode(raw)
            if h.status ~= 'HELD' then return h.status end
            unreserve(h)
            close(ARGV[4], h, 'RELEASED')
            touch()
            return 'RELEASED'""");

    /** ARGV[4] orderId. Releases every held hold of the order; returns their ids. */
    private static final LuaScript RELEASE_ORDER = new LuaScript(PRELUDE + """
            purge()
            local released = {}
            local all = redis.call('HGETALL', KEYS[2])
            for i = 1, #all, 2 do
              local h = cjson.decode(all[i + 1])
              if h.status == 'HELD' and h.orderId == ARGV[4] then
                unreserve(h)
                close(all[i], h, 'RELEASED')
                released[#released + 1] = all[i]
              end
            end
            if #released > 0 then touch() end
            return released""");

    /** Returns every remembered hold as id/record pairs, after closing the expired ones. */
    private static final LuaScript LIST = new LuaScript(PRELUDE + """
            purge()
            return redis.call('HGETALL', KEYS[2])""");

    /**
     * ARGV[4] settle-before (epoch millis). Returns {settled ids, {{holdId, orderId, gtin, wanted, free}...}}.
     */
    private static final LuaScript RECONCILE = new LuaScript(PRELUDE + """
            purge()
            local settleBefore = tonumber(ARGV[4])
            local held = {}
            local all = redis.call('HGETALL', KEYS[2])
            for i = 1, #all, 2 do
              local h = cjson.decode(all[i + 1])
              if h.status == 'HELD' then held[#held + 1] = {id = all[i], h = h} end
            end
            table.sort(held, function(a, b)
              if a.h.createdAt ~= b.h.createdAt then return a.h.createdAt < b.h.createdAt end
              return a.id < b.id
            end)
            local settled, short, used = {}, {}, {}
            redis.call('DEL', KEYS[4])
            for _, entry in ipairs(held) do
              local h = entry.h
              local pulledAt = redis.call('HGET', KEYS[6], h.orderId)
              if pulledAt and tonumber(pulledAt) <= settleBefore then
                close(entry.id, h, 'SETTLED')
                settled[#settled + 1] = entry.id
              else
                for _, l in ipairs(h.lines) do
                  local units = level(l.gtin) or 0
                  local before = used[l.gtin] or 0
                  if before + l.quantity > units then
                    short[#short + 1] = {entry.id, h.orderId, l.gtin, tostring(l.quantity), tostring(math.max(units - before, 0))}
                  end
                  used[l.gtin] = before + l.quantity
                  redis.call('HINCRBY', KEYS[4], l.gtin, l.quantity)
                end
              end
            end
            local picked = redis.call('HGETALL', KEYS[6])
            for i = 1, #picked, 2 do
              if tonumber(picked[i + 1]) <= settleBefore then redis.call('HDEL', KEYS[6], picked[i]) end
            end
            touch()
            return {settled, short}""");

    private final Redis redis;
    private final PushOnlySettings settings;
    private final Clock clock;

    /** {@code redis} is owned by the caller, who closes it. */
    public SoftHolds(Redis redis, PushOnlySettings settings, Clock clock) {
        this.redis = Checks.requireNonNull(redis, "redis");
        this.settings = Checks.requireNonNull(settings, "settings");
        this.clock = Checks.requireNonNull(clock, "clock");
    }

    /** A store's snapshot levels net of soft holds; {@code asOf} empty when the store has no snapshot. */
    public record StockView(String storeId, Optional<Instant> asOf, Map<Gtin, StockItem> items) {

        public StockView {
            Checks.requireText(storeId, "storeId");
            Checks.requireNonNull(asOf, "asOf");
            items = Map.copyOf(items);
        }
    }

    /** What a hold request came to. */
    public record HoldOutcome(Result result, Hold hold, String detail) {

        public enum Result {
            /** The hold was taken now. */
            CREATED,
            /** A hold with this id exists already (as {@link #hold()} shows; it may be closed). */
            EXISTING,
            /** At least one line does not fit: nothing was held. */
            SHORT,
            /** The store has no snapshot: nothing can be promised. */
            NO_SNAPSHOT,
            /** The store's snapshot is older than the caller accepts. */
            STALE,
            /** No hold has this id, and the request cannot make one (as {@link #detail()} says). */
            INVALID
        }

        public HoldOutcome {
            Checks.requireNonNull(result, "result");
            if ((result == Result.CREATED || result == Result.EXISTING) != (hold != null)) {
                throw new IllegalArgumentException("a hold comes with CREATED or EXISTING and only then");
            }
        }
    }

    /** Levels of {@code gtins} at the store: the snapshot's, minus the units of live soft holds. */
    public Future<StockView> stock(String storeId, List<Gtin> gtins) {
        List<String> args = new ArrayList<>(header());
        gtins.forEach(gtin -> args.add(gtin.value()));
        return run(STOCK, storeId, args).map(reply -> {
            Response asOf = reply.get(0);
            Map<Gtin, StockItem> items = new LinkedHashMap<>();
            for (int i = 0; i < gtins.size(); i++) {
                Response value = reply.get(1 + 2 * i);
                Response reserved = reply.get(2 + 2 * i);
                Gtin gtin = gtins.get(i);
                StockSnapshots.item(gtin, value == null ? null : value.toString()).ifPresent(item -> {
                    int held = reserved == null ? 0 : reserved.toInteger();
                    items.put(gtin, new StockItem(gtin, Math.max(0, item.available() - held), item.unitPrice()));
                });
            }
            return new StockView(storeId, Optional.ofNullable(asOf).map(r -> Instant.ofEpochMilli(r.toLong())), items);
        });
    }

    /**
     * Takes a soft hold for every line of the request or for none, against a snapshot whose
     * {@code asOf} is not before {@code oldestSnapshot}. A request whose {@code expiresAt} is not in
     * the future, or further than {@link PushOnlySettings#maxHoldDuration()}, only finds a hold
     * already taken with its id (INVALID otherwise).
     */
    public Future<HoldOutcome> hold(String storeId, HoldRequest request, Instant oldestSnapshot) {
        Instant now = clock.instant();
        String invalid = "";
        if (!request.expiresAt().isAfter(now)) {
            invalid = "expiresAt " + request.expiresAt() + " is not in the future (now " + now + ")";
        } else if (request.expiresAt().isAfter(now.plus(settings.maxHoldDuration()))) {
            invalid = "a soft hold lasts at most " + settings.maxHoldDuration() + ", asked until " + request.expiresAt();
        }
        HoldRecord record = new HoldRecord(request.orderId(), request.expiresAt().toEpochMilli(), now.toEpochMilli(),
                HoldStatus.HELD.name(), request.lines(), null);
        Map<Gtin, Integer> merged = new LinkedHashMap<>();
        request.lines().forEach(line -> merged.merge(line.gtin(), line.quantity(), Integer::sum));
        List<String> args = new ArrayList<>(header());
        args.add(request.holdId());
        args.add(record.json());
        args.add(Long.toString(request.expiresAt().toEpochMilli()));
        args.add(Long.toString(oldestSnapshot.toEpochMilli()));
        args.add(invalid);
        merged.forEach((gtin, units) -> {
            args.add(gtin.value());
            args.add(Integer.toString(units));
        });
        return run(HOLD, storeId, args).map(reply -> {
            HoldOutcome.Result result = HoldOutcome.Result.valueOf(reply.get(0).toString());
            return switch (result) {
                case CREATED, EXISTING -> new HoldOutcome(result, HoldRecord.parse(reply.get(1).toString()).toHold(request.holdId(), storeId), null);
                case SHORT, INVALID -> new HoldOutcome(result, null, reply.get(1).toString());
                case NO_SNAPSHOT -> new HoldOutcome(result, null, "no stock snapshot");
                case STALE -> new HoldOutcome(result, null, "the latest snapshot is from " + Instant.ofEpochMilli(reply.get(1).toLong()));
            };
        });
    }

    /** Releases a hold; true when it was held until now, false when unknown, expired or already closed. */
    public Future<Boolean> release(String storeId, String holdId) {
        List<String> args = new ArrayList<>(header());
        args.add(holdId);
        return run(RELEASE, storeId, args).map(reply -> "RELEASED".equals(reply.toString()));
    }

    /** Releases every live hold of an order at the store; the ids of the holds released. */
    public Future<List<String>> releaseOrder(String storeId, String orderId) {
        List<String> args = new ArrayList<>(header());
        args.add(orderId);
        return run(RELEASE_ORDER, storeId, args).map(SoftHolds::strings);
    }

    /** The store's live holds, oldest first. */
    public Future<List<Hold>> openHolds(String storeId) {
        return run(LIST, storeId, header()).map(reply -> {
            List<HoldRecordWithId> open = new ArrayList<>();
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                HoldRecord record = HoldRecord.parse(reply.get(i + 1).toString());
                if (HoldStatus.HELD.name().equals(record.status())) {
                    open.add(new HoldRecordWithId(reply.get(i).toString(), record));
                }
            }
            open.sort((a, b) -> a.record.createdAt() != b.record.createdAt()
                    ? Long.compare(a.record.createdAt(), b.record.createdAt()) : a.id.compareTo(b.id));
            return open.stream().map(entry -> entry.record.toHold(entry.id, storeId)).toList();
        });
    }

    /** Reconciles the store's holds with the snapshot just applied (see the class comment). */
    public Future<Reconciliation> reconcile(String storeId, Instant snapshotAsOf) {
        List<String> args = new ArrayList<>(header());
        args.add(Long.toString(snapshotAsOf.minus(settings.settleGrace()).toEpochMilli()));
        return run(RECONCILE, storeId, args).map(reply -> {
            List<String> settled = strings(reply.get(0));
            List<Reconciliation.Overcommitted> shortLines = new ArrayList<>();
            Response entries = reply.get(1);
            for (int i = 0; i < entries.size(); i++) {
                Response entry = entries.get(i);
                shortLines.add(new Reconciliation.Overcommitted(entry.get(0).toString(), entry.get(1).toString(),
                        Gtin.of(entry.get(2).toString()), entry.get(3).toInteger(), entry.get(4).toInteger()));
            }
            return new Reconciliation(storeId, settled, shortLines);
        });
    }

    private List<String> header() {
        return List.of(Long.toString(clock.millis()), Long.toString(settings.closedHoldRetention().toMillis()),
                Long.toString(settings.holdStateTtl().toMillis()));
    }

    private Future<Response> run(LuaScript script, String storeId, List<String> args) {
        return script.run(redis, new StoreKeys(storeId).holdScriptKeys(), args)
                .timeout(settings.redisTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<String> strings(Response reply) {
        List<String> result = new ArrayList<>(reply == null ? 0 : reply.size());
        if (reply != null) {
            reply.forEach(item -> result.add(item.toString()));
        }
        return result;
    }

    private record HoldRecordWithId(String id, HoldRecord record) {
    }

    /** A soft hold as the scripts keep it. Times are epoch millis. */
    record HoldRecord(String orderId, long expiresAt, long createdAt, String status, List<HoldLine> lines, Long closedAt) {

        String json() {
            try {
                return Json.mapper().writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a hold record is always writable", e);
            }
        }

        static HoldRecord parse(String json) {
            try {
                return Json.mapper().readValue(json, HoldRecord.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable soft hold in Redis: " + json, e);
            }
        }

        Hold toHold(String holdId, String storeId) {
            HoldStatus shown = SETTLED.equals(status) ? HoldStatus.RELEASED : HoldStatus.valueOf(status);
            return new Hold(holdId, storeId, orderId, shown, lines, Instant.ofEpochMilli(expiresAt));
        }
    }
}
