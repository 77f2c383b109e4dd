package io.aisle.adapters.pushonly;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.partner.OrderSplit;
import io.aisle.contracts.partner.PickLine;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.value.Checks;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pick lists waiting for a push-only chain to pull them, per store, in Redis (keys in {@link StoreKeys}).
 * <ul>
 *   <li>{@link #submit}: idempotent by pick list id; the list is kept for
 *       {@link PushOnlySettings#pickListRetention()} and is <em>open</em> until the chain reports it
 *       ready. A store with {@link PushOnlySettings#maxOpenPickLists()} open lists takes no more.</li>
 *   <li>{@link #pull}: the open lists, oldest first, as the chain's {@code GET .../pick-lists} answers
 *       them. A list stays in the answer until its ready result arrives, so polling again is safe (the
 *       chain deduplicates by id). The first pull of a list is recorded, with the time per order:
 *       from then on the chain has set that stock aside (see {@link SoftHolds} reconciliation) and
 *       cancellation can no longer withdraw it.</li>
 *   <li>{@link #acknowledge}: the chain reported the list ready; it is no longer open.</li>
 *   <li>{@link #withdrawOrder}: takes a cancelled order out of the store's open lists the chain has not
 *       pulled yet: its splits are removed, and a list left with no lines is withdrawn altogether.</li>
 * </ul>
 */
public final class PickListQueue {

    static final String WITHDRAWN = "WITHDRAWN";

    /** KEYS: list, open, seq, pulled. ARGV: id, json, retention ms, max open, now ms. */
    private static final LuaScript SUBMIT = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 'EXISTING' end
            local now, retention = tonumber(ARGV[5]), tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', (now - retention) * 1024)
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 'FULL' end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', retention)
            local seq = redis.call('INCR', KEYS[3]) % 1024
            redis.call('ZADD', KEYS[2], now * 1024 + seq, ARGV[1])
            for i = 2, 4 do redis.call('PEXPIRE', KEYS[i], retention) end
            return 'CREATED'""");

    /** KEYS: open, pulled, picked orders, then one list key per id. ARGV: now ms, retention ms, then the ids. */
    private static final LuaScript PULL = new LuaScript("""
            local out = {}
            for i = 4, #KEYS do
              local id = ARGV[i - 1]
              local v = redis.call('GET', KEYS[i])
              if (not v) or v == 'WITHDRAWN' then
                redis.call('ZREM', KEYS[1], id)
              elseif redis.call('ZSCORE', KEYS[1], id) then
                redis.call('HSETNX', KEYS[2], id, ARGV[1])
                local list = cjson.decode(v)
                for _, line in ipairs(list.lines) do
                  for _, split in ipairs(line.orders) do redis.call('HSETNX', KEYS[3], split.orderId, ARGV[1]) end
                end
                out[#out + 1] = v
              end
            end
            if #out > 0 then
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
            end
            return out""");

    /** KEYS: open, pulled. ARGV: id. */
    private static final LuaScript ACKNOWLEDGE = new LuaScript("""
            redis.call('HDEL', KEYS[2], ARGV[1])
            return redis.call('ZREM', KEYS[1], ARGV[1])""");

    /** KEYS: list, open, pulled. ARGV: id, expected value, replacement. */
    private static final LuaScript REPLACE_UNPULLED = new LuaScript("""
            if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return 'PULLED' end
            if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 'CHANGED' end
            redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
            if ARGV[3] == 'WITHDRAWN' then redis.call('ZREM', KEYS[2], ARGV[1]) end
            return 'DONE'""");

    private static final int WITHDRAW_ATTEMPTS = 5;

    private final Redis redis;
    private final PushOnlySettings settings;
    private final Clock clock;

    /** {@code redis} is owned by the caller, who closes it. */
    public PickListQueue(Redis redis, PushOnlySettings settings, Clock clock) {
        this.redis = Checks.requireNonNull(redis, "redis");
        this.settings = Checks.requireNonNull(settings, "settings");
        this.clock = Checks.requireNonNull(clock, "clock");
    }

    /** What became of a submission. */
    public enum Submitted {
        /** The list is now open for the chain to pull. */
        CREATED,
        /** A list with this id was submitted before (and is open, pulled, ready or withdrawn): nothing changed. */
        EXISTING,
        /** The store has too many open lists: the chain is not pulling. Nothing changed. */
        FULL
    }

    /** What a pick list id stands for at a store. */
    public enum State {
        OPEN,
        /** The chain reported it ready (or it is past {@link PushOnlySettings#pickListRetention()}). */
        DONE,
        WITHDRAWN,
        UNKNOWN
    }

    public Future<Submitted> submit(String storeId, PickList pickList) {
        StoreKeys keys = new StoreKeys(storeId);
        String json = encode(pickList);
        return run(SUBMIT, List.of(keys.pickList(pickList.pickListId()), keys.openPickLists(), keys.pickListSequence(), keys.pulledPickLists()),
                List.of(pickList.pickListId(), json, Long.toString(settings.pickListRetention().toMillis()),
                        Integer.toString(settings.maxOpenPickLists()), Long.toString(clock.millis())))
                .map(reply -> Submitted.valueOf(reply.toString()));
    }

    /** The store's open lists, oldest first (at most {@link PushOnlySettings#maxPickListsPerPull()}), recorded as pulled. */
    public Future<List<PickList>> pull(String storeId) {
        StoreKeys keys = new StoreKeys(storeId);
        Request range = Request.cmd(Command.ZRANGE).arg(keys.openPickLists()).arg(0).arg(settings.maxPickListsPerPull() - 1);
        return send(range).compose(ids -> {
            if (ids == null || ids.size() == 0) {
                return Future.succeededFuture(List.of());
            }
            List<String> scriptKeys = new ArrayList<>(List.of(keys.openPickLists(), keys.pulledPickLists(), keys.pickedOrders()));
            List<String> args = new ArrayList<>(List.of(Long.toString(clock.millis()), Long.toString(settings.pickListRetention().toMillis())));
            ids.forEach(id -> {
                scriptKeys.add(keys.pickList(id.toString()));
                args.add(id.toString());
            });
            return run(PULL, scriptKeys, args).map(lists -> {
                List<PickList> result = new ArrayList<>(lists.size());
                lists.forEach(json -> result.add(decode(json.toString())));
                return result;
            });
        });
    }

    /** The chain reported the list ready: it is no longer open. True when it was open until now. */
    public Future<Boolean> acknowledge(String storeId, String pickListId) {
        StoreKeys keys = new StoreKeys(storeId);
        return run(ACKNOWLEDGE, List.of(keys.openPickLists(), keys.pulledPickLists()), List.of(pickListId))
                .map(reply -> reply != null && reply.toInteger() == 1);
    }

    /** The list as submitted (or as a cancellation left it), when it is still known and not withdrawn. */
    public Future<Optional<PickList>> find(String storeId, String pickListId) {
        return send(Request.cmd(Command.GET).arg(new StoreKeys(storeId).pickList(pickListId)))
                .map(reply -> reply == null || WITHDRAWN.equals(reply.toString())
                        ? Optional.<PickList>empty() : Optional.of(decode(reply.toString())));
    }

    /** Where a pick list stands at the store. */
    public Future<State> state(String storeId, String pickListId) {
        StoreKeys keys = new StoreKeys(storeId);
        return redis.batch(List.of(Request.cmd(Command.GET).arg(keys.pickList(pickListId)),
                        Request.cmd(Command.ZSCORE).arg(keys.openPickLists()).arg(pickListId)))
                .timeout(settings.redisTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .map(replies -> {
                    Response list = replies.get(0);
                    if (list == null) {
                        return State.UNKNOWN;
                    }
                    if (WITHDRAWN.equals(list.toString())) {
                        return State.WITHDRAWN;
                    }
                    return replies.get(1) == null ? State.DONE : State.OPEN;
                });
    }

    /**
     * Takes the order out of every open list of the store that the chain has not pulled yet. Returns
     * the ids of the lists changed (shortened or withdrawn); lists already pulled are left to the chain.
     */
    public Future<List<String>> withdrawOrder(String storeId, String orderId) {
        StoreKeys keys = new StoreKeys(storeId);
        return send(Request.cmd(Command.ZRANGE).arg(keys.openPickLists()).arg(0).arg(-1)).compose(ids -> {
            List<Future<Optional<String>>> changes = new ArrayList<>();
            if (ids != null) {
                ids.forEach(id -> changes.add(withdrawFrom(keys, id.toString(), orderId, WITHDRAW_ATTEMPTS)));
            }
            return Future.all(changes).map(all -> changes.stream().map(Future::result).flatMap(Optional::stream).toList());
        });
    }

    private Future<Optional<String>> withdrawFrom(StoreKeys keys, String pickListId, String orderId, int attemptsLeft) {
        return send(Request.cmd(Command.GET).arg(keys.pickList(pickListId))).compose(reply -> {
            if (reply == null || WITHDRAWN.equals(reply.toString())) {
                return Future.succeededFuture(Optional.empty());
            }
            String current = reply.toString();
            Optional<String> replacement = without(decode(current), orderId);
            if (replacement.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            return run(REPLACE_UNPULLED, List.of(keys.pickList(pickListId), keys.openPickLists(), keys.pulledPickLists()),
                    List.of(pickListId, current, replacement.get()))
                    .compose(outcome -> switch (outcome.toString()) {
                        case "DONE" -> Future.succeededFuture(Optional.of(pickListId));
                        case "CHANGED" -> attemptsLeft > 1
                                ? withdrawFrom(keys, pickListId, orderId, attemptsLeft - 1)
                                : Future.failedFuture(new IllegalStateException("pick list " + pickListId + " kept changing while withdrawing " + orderId));
                        default -> Future.succeededFuture(Optional.<String>empty());
                    });
        });
    }

    /** The list's new value without the order: empty when the order is not in it, WITHDRAWN when nothing is left. */
    static Optional<String> without(PickList pickList, String orderId) {
        boolean found = false;
        List<PickLine> lines = new ArrayList<>();
        for (PickLine line : pickList.lines()) {
            List<OrderSplit> kept = line.orders().stream().filter(split -> !split.orderId().equals(orderId)).toList();
            if (kept.size() != line.orders().size()) {
                found = true;
            }
            if (!kept.isEmpty()) {
                int quantity = kept.stream().mapToInt(OrderSplit::quantity).sum();
                lines.add(new PickLine(line.gtin(), quantity, line.zone(), line.aisle(), kept));
            }
        }
        if (!found) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.of(WITHDRAWN);
        }
        return Optional.of(encode(new PickList(pickList.pickListId(), pickList.storeId(), pickList.waveId(), pickList.readyBy(), lines)));
    }

    private Future<Response> run(LuaScript script, List<String> keys, List<String> args) {
        return script.run(redis, keys, args).timeout(settings.redisTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Future<Response> send(Request request) {
        return redis.send(request).timeout(settings.redisTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String encode(PickList pickList) {
        try {
            return Json.mapper().writeValueAsString(pickList);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pick list is always writable", e);
        }
    }

    private static PickList decode(String json) {
        try {
            return Json.mapper().readValue(json, PickList.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable pick list in Redis: " + json, e);
        }
    }
}
