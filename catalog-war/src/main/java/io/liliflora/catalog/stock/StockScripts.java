package io.liliflora.catalog.stock;

import io.liliflora.platform.redis.LuaScript;
import io.liliflora.catalog.stock.StockLedger.Counters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/** The Lua scripts on the hot counters: one batch applied atomically, a rebuild, and reads. */
public final class StockScripts {

    /**
     * Applies a lock holder's batch. Refuses the whole batch (REBUILD) when the counters are not
     * of the current generation or carry another holder's unconfirmed write (dirty), (FENCED) when
     * a newer fencing token has written, and (TERMS, with the current version) when the product's
     * terms changed since the caller read them. Otherwise stamps the token and a dirty mark
     * (cleared once the ledger has the batch) and answers OK or the refusal per command. A reserve
     * whose order id this copy already reserved for answers SEEN and changes nothing.
     */
    private static final LuaScript APPLY = new LuaScript("""
            local n = tonumber(ARGV[1])
            local gen = redis.call('get', KEYS[1])
            local limits, fences = {}, {}
            local p = 2
            for i = 1, n do
              local fence, limit, tv = ARGV[p], tonumber(ARGV[p+1]), ARGV[p+2]; p = p + 3
              local h = redis.call('hmget', KEYS[2*i], 'gen', 'fence', 'dirty', 'tv')
              -- dirty with our own token is a batch of this lock tenure whose commit is in flight
              if (not gen) or h[1] ~= gen or (h[3] and h[3] ~= fence) then return {'REBUILD', tostring(i)} end
              if tonumber(h[2]) > tonumber(fence) then return {'FENCED', tostring(i)} end
              if h[4] ~= tv then return {'TERMS', tostring(i), h[4] or ''} end
              limits[i], fences[i] = limit, fence
            end
            local ttl = ARGV[p]; p = p + 1
            local count = tonumber(ARGV[p]); p = p + 1
            if count > 0 then
              for i = 1, n do
                redis.call('hset', KEYS[2*i], 'fence', fences[i], 'dirty', fences[i])
              end
            end
            local out = {'OK'}
            for c = 1, count do
              local kind, user, seen, m = ARGV[p], ARGV[p+1], tonumber(ARGV[p+2]), tonumber(ARGV[p+3]); p = p + 4
              local items = {}
              for j = 1, m do items[j] = {tonumber(ARGV[p]), tonumber(ARGV[p+1])}; p = p + 2 end
              local verdict = 'OK'
              if kind == 'R' or kind == 'r' then
                -- 'r': the ledger was read for this order and holds nothing: a mark left by a failed write is stale
                if kind == 'R' and redis.call('exists', KEYS[seen]) == 1 then verdict = 'SEEN' end
                for j = 1, m do
                  if verdict ~= 'OK' then break end
                  local i, q = items[j][1], items[j][2]
                  if tonumber(redis.call('hget', KEYS[2*i], 'available')) < q then verdict = 'OUT:' .. i
                  elseif limits[i] > 0 and tonumber(redis.call('hget', KEYS[2*i+1], user) or '0') + q > limits[i] then
                    verdict = 'LIMIT:' .. i
                  end
                end
                if verdict == 'OK' then
                  for j = 1, m do
                    local i, q = items[j][1], items[j][2]
                    redis.call('hincrby', KEYS[2*i], 'available', -q)
                    redis.call('hincrby', KEYS[2*i], 'reserved', q)
                    redis.call('hincrby', KEYS[2*i+1], user, q)
                  end
                  redis.call('set', KEYS[seen], '1', 'EX', ttl)
                end
              elseif kind == 'A' then
                for j = 1, m do
                  local i, q = items[j][1], items[j][2]
                  redis.call('hincrby', KEYS[2*i], 'total', q)
                  redis.call('hincrby', KEYS[2*i], 'available', q)
                end
              else
                local from = (kind == 'S') and 'sold' or 'reserved'
                for j = 1, m do
                  local i, q = items[j][1], items[j][2]
                  if tonumber(redis.call('hget', KEYS[2*i], from)) < q then return {'REBUILD', tostring(i)} end
                end
                for j = 1, m do
                  local i, q = items[j][1], items[j][2]
                  redis.call('hincrby', KEYS[2*i], from, -q)
                  if kind == 'C' then
                    redis.call('hincrby', KEYS[2*i], 'sold', q)
                  else
                    redis.call('hincrby', KEYS[2*i], 'available', q)
                    redis.call('hincrby', KEYS[2*i+1], user, -q)
                  end
                end
              end
              out[#out+1] = verdict
            end
            return out
            """);

    /**
     * A reserve the hot copy can refuse at once, without the lock or the ledger: the product's
     * current copy has fewer units than asked, and the order id was never reserved for (a replay
     * must get its first answer, so it takes the full path). Answers the available units, or -1.
     */
    private static final LuaScript SHORT = new LuaScript("""
            if redis.call('exists', KEYS[3]) == 1 then return -1 end
            local gen = redis.call('get', KEYS[1])
            local h = redis.call('hmget', KEYS[2], 'gen', 'available')
            if (not gen) or h[1] ~= gen then return -1 end
            return tonumber(h[2])
            """);

    /** A product's terms changed: a new version, so every engine's cached terms are read again. */
    private static final LuaScript TERMS_CHANGED = new LuaScript("""
            if redis.call('exists', KEYS[1]) == 1 then redis.call('hset', KEYS[1], 'tv', ARGV[1]) end
            return 1
            """);

    /** Replaces a product's hot copy with the ledger's, stamped with the current generation. */
    private static final LuaScript INSTALL = new LuaScript("""
            redis.call('set', KEYS[1], ARGV[1], 'NX')
            local gen = redis.call('get', KEYS[1])
            redis.call('del', KEYS[2])
            redis.call('hset', KEYS[2], 'total', ARGV[2], 'available', ARGV[3], 'reserved', ARGV[4],
                       'sold', ARGV[5], 'fence', ARGV[6], 'gen', gen, 'tv', ARGV[7])
            return gen
            """);

    /** Live availability of several products; -1 where the hot copy is missing or stale. */
    private static final LuaScript AVAILABLE = new LuaScript("""
            local gen = redis.call('get', KEYS[1])
            local out = {}
            for i = 2, #KEYS do
              local h = redis.call('hmget', KEYS[i], 'gen', 'available')
              if gen and h[1] == gen then out[#out+1] = tonumber(h[2]) else out[#out+1] = -1 end
            end
            return out
            """);

    /**
     * What a product page needs from Redis in one call: per product, the live availability and
     * the terms version of its hot copy, or -1 and "" where the copy is missing or not of the
     * current generation (Redis lost it, or it was never built): then the caller reads MySQL.
     */
    private static final LuaScript READ = new LuaScript("""
            local gen = redis.call('get', KEYS[1])
            local out = {}
            for i = 2, #KEYS do
              local h = redis.call('hmget', KEYS[i], 'gen', 'available', 'tv')
              if gen and h[1] == gen then
                out[#out+1] = tonumber(h[2]); out[#out+1] = h[3] or ''
              else
                out[#out+1] = -1; out[#out+1] = ''
              end
            end
            return out
            """);

    /** Marks several order ids as seen (a rebuild puts back those of the replay window). */
    private static final LuaScript MARK_SEEN = new LuaScript("""
            for i = 1, #KEYS do redis.call('set', KEYS[i], '1', 'EX', ARGV[1]) end
            return #KEYS
            """);

    private final UnifiedJedis redis;
    private final StockKeys keys;
    private final java.time.Duration replayWindow;
    private final String seenSeconds;

    /**
     * @param replayWindow how long a reserve's order id is remembered in the hot copy: within it a
     *                     replay gets its first answer even once the product is sold out
     */
    public StockScripts(UnifiedJedis redis, StockKeys keys, java.time.Duration replayWindow) {
        this.redis = redis;
        this.keys = keys;
        this.replayWindow = replayWindow;
        this.seenSeconds = Long.toString(Math.max(1, replayWindow.toSeconds()));
    }

    java.time.Duration replayWindow() {
        return replayWindow;
    }

    /**
     * One command as the apply script reads it: kind letter ('R' reserve, 'r' reserve whose
     * ledger record was read and is absent), user, order id (reserves), (product index, qty) pairs.
     */
    record Line(char kind, String userId, String orderId, int[][] items) {
    }

    /** The script's answer: a batch-level refusal (and, for TERMS, the current version), or a verdict per command. */
    record Applied(String refusal, int productIndex, String termsVersion, List<String> verdicts) {
    }


    /**
     * Applies the batch's lines to the products' counters, each product checked against the fence
     * and the terms version the caller decided under.
     */
    Applied apply(List<Long> products, Map<Long, Long> fences, Map<Long, Integer> limits,
                  Map<Long, String> termsVersions, List<Line> lines) {
        List<String> k = new ArrayList<>(1 + 2 * products.size() + lines.size());
        List<String> a = new ArrayList<>();
        k.add(keys.generation());
        a.add(Integer.toString(products.size()));
        for (Long id : products) {
            k.add(keys.counters(id));
            k.add(keys.buyers(id));
            a.add(Long.toString(fences.get(id)));
            a.add(Integer.toString(limits.getOrDefault(id, 0)));
            a.add(termsVersions.getOrDefault(id, ""));
        }
        a.add(seenSeconds);
        a.add(Integer.toString(lines.size()));
        for (Line line : lines) {
            a.add(String.valueOf(line.kind()));
            a.add(line.userId() == null ? "" : line.userId());
            if (line.orderId() != null) {
                k.add(keys.seen(line.orderId()));
                a.add(Integer.toString(k.size()));
            } else {
                a.add("0");
            }
            a.add(Integer.toString(line.items().length));
            for (int[] item : line.items()) {
                a.add(Integer.toString(item[0]));
                a.add(Integer.toString(item[1]));
            }
        }
        @SuppressWarnings("unchecked")
        List<Object> reply = (List<Object>) APPLY.run(redis, k, a);
        String head = String.valueOf(reply.get(0));
        if (!"OK".equals(head)) {
            return new Applied(head, Integer.parseInt(String.valueOf(reply.get(1))),
                    reply.size() > 2 ? String.valueOf(reply.get(2)) : null, List.of());
        }
        List<String> verdicts = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            verdicts.add(String.valueOf(reply.get(i)));
        }
        return new Applied(null, 0, null, verdicts);
    }

    /** Units the current hot copy has for a fresh order id, or -1 (no current copy, or a known order). */
    long availableForNewOrder(long productId, String orderId) {
        Object reply = SHORT.run(redis, List.of(keys.generation(), keys.counters(productId), keys.seen(orderId)), List.of());
        return ((Number) reply).longValue();
    }

    /** The version of the product's terms the hot copy carries ("" when it has no current copy). */
    String termsVersion(long productId) {
        String tv = redis.hget(keys.counters(productId), "tv");
        return tv == null ? "" : tv;
    }

    /**
     * Announces changed terms to every engine and every server's product cache (a new version in
     * the hot copy, when there is one; without one, readers go to MySQL and a rebuild brings a new version).
     */
    public void termsChanged(long productId) {
        TERMS_CHANGED.run(redis, List.of(keys.counters(productId)), List.of(newVersion()));
    }

    /** Marks an order id as seen, so its late reserve takes the path that reads the ledger. */
    void markSeen(String orderId) {
        redis.setex(keys.seen(orderId), replayWindow.toSeconds(), "1");
    }

    private static String newVersion() {
        return UUID.randomUUID().toString();
    }

    /** Installs a ledger snapshot; the buyers' hash first, the counters (the ready signal) last. */
    void install(long productId, Counters counters, Map<String, Integer> buyers, List<String> orderIds, long fence) {
        for (int from = 0; from < orderIds.size(); from += 1000) {
            List<String> marks = orderIds.subList(from, Math.min(orderIds.size(), from + 1000)).stream().map(keys::seen).toList();
            MARK_SEEN.run(redis, marks, List.of(seenSeconds));
        }
        redis.del(keys.buyers(productId));
        Map<String, String> chunk = new HashMap<>();
        for (Map.Entry<String, Integer> buyer : buyers.entrySet()) {
            chunk.put(buyer.getKey(), Integer.toString(buyer.getValue()));
            if (chunk.size() == 1000) {
                redis.hset(keys.buyers(productId), chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            redis.hset(keys.buyers(productId), chunk);
        }
        INSTALL.run(redis, List.of(keys.generation(), keys.counters(productId)),
                List.of(UUID.randomUUID().toString(), Long.toString(counters.total()), Long.toString(counters.available()),
                        Long.toString(counters.reserved()), Long.toString(counters.sold()), Long.toString(fence),
                        newVersion()));
    }

    /** Hot availability per product id; a product whose hot copy is not current is left out. */
    public Map<Long, Long> available(List<Long> productIds) {
        Map<Long, Long> found = new HashMap<>();
        if (productIds.isEmpty()) {
            return found;
        }
        List<String> k = new ArrayList<>();
        k.add(keys.generation());
        productIds.forEach(id -> k.add(keys.counters(id)));
        @SuppressWarnings("unchecked")
        List<Object> reply = (List<Object>) AVAILABLE.run(redis, k, List.of());
        for (int i = 0; i < productIds.size(); i++) {
            long value = ((Number) reply.get(i)).longValue();
            if (value >= 0) {
                found.put(productIds.get(i), value);
            }
        }
        return found;
    }

    /** A product's current hot copy as a page shows it: live units, and the version of its terms ("" if none). */
    public record Hot(long available, String termsVersion) {
    }

    /**
     * Live availability and terms version per product id, in one round trip; a product whose hot
     * copy is not current is left out (its page reads MySQL, as after a Redis loss).
     */
    public Map<Long, Hot> read(List<Long> productIds) {
        Map<Long, Hot> found = new HashMap<>();
        if (productIds.isEmpty()) {
            return found;
        }
        List<String> k = new ArrayList<>(productIds.size() + 1);
        k.add(keys.generation());
        productIds.forEach(id -> k.add(keys.counters(id)));
        @SuppressWarnings("unchecked")
        List<Object> reply = (List<Object>) READ.run(redis, k, List.of());
        for (int i = 0; i < productIds.size(); i++) {
            long value = ((Number) reply.get(2 * i)).longValue();
            if (value >= 0) {
                found.put(productIds.get(i), new Hot(value, String.valueOf(reply.get(2 * i + 1))));
            }
        }
        return found;
    }

    /** True when Redis still holds this generation of the hot copy (false after a loss). */
    public boolean generationPresent() {
        return redis.exists(keys.generation());
    }
}
