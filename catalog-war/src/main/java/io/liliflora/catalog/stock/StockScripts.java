package io.liliflora.catalog.stock;

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
     * of the current generation or carry another holder's unconfirmed write (dirty), and
     * (FENCED) when a newer fencing token has written. Otherwise stamps the token and a dirty
     * mark (cleared once the ledger has the batch) and answers OK or the refusal per command.
     */
    private static final LuaScript APPLY = new LuaScript("""
            local n = tonumber(ARGV[1])
            local gen = redis.call('get', KEYS[1])
            local limits = {}
            for i = 1, n do
              local h = redis.call('hmget', KEYS[2*i], 'gen', 'fence', 'dirty')
              -- dirty with our own token is a batch of this lock tenure whose commit is in flight
              if (not gen) or h[1] ~= gen or (h[3] and h[3] ~= ARGV[2*i]) then return {'REBUILD', tostring(i)} end
              if tonumber(h[2]) > tonumber(ARGV[2*i]) then return {'FENCED', tostring(i)} end
              limits[i] = tonumber(ARGV[2*i+1])
            end
            for i = 1, n do
              redis.call('hset', KEYS[2*i], 'fence', ARGV[2*i], 'dirty', ARGV[2*i])
            end
            local p = 2*n + 2
            local count = tonumber(ARGV[p]); p = p + 1
            local out = {'OK'}
            for c = 1, count do
              local kind, user, m = ARGV[p], ARGV[p+1], tonumber(ARGV[p+2]); p = p + 3
              local items = {}
              for j = 1, m do items[j] = {tonumber(ARGV[p]), tonumber(ARGV[p+1])}; p = p + 2 end
              local verdict = 'OK'
              if kind == 'R' then
                for j = 1, m do
                  local i, q = items[j][1], items[j][2]
                  if tonumber(redis.call('hget', KEYS[2*i], 'available')) < q then verdict = 'OUT:' .. i; break end
                  if limits[i] > 0 and tonumber(redis.call('hget', KEYS[2*i+1], user) or '0') + q > limits[i] then
                    verdict = 'LIMIT:' .. i; break
                  end
                end
                if verdict == 'OK' then
                  for j = 1, m do
                    local i, q = items[j][1], items[j][2]
                    redis.call('hincrby', KEYS[2*i], 'available', -q)
                    redis.call('hincrby', KEYS[2*i], 'reserved', q)
                    redis.call('hincrby', KEYS[2*i+1], user, q)
                  end
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

    /** Replaces a product's hot copy with the ledger's, stamped with the current generation. */
    private static final LuaScript INSTALL = new LuaScript("""
            redis.call('set', KEYS[1], ARGV[1], 'NX')
            local gen = redis.call('get', KEYS[1])
            redis.call('del', KEYS[2])
            redis.call('hset', KEYS[2], 'total', ARGV[2], 'available', ARGV[3], 'reserved', ARGV[4],
                       'sold', ARGV[5], 'fence', ARGV[6], 'gen', gen)
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

    private final UnifiedJedis redis;
    private final StockKeys keys;

    public StockScripts(UnifiedJedis redis, StockKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** One command as the apply script reads it: kind letter, user, and (product index, qty) pairs. */
    record Line(char kind, String userId, int[][] items) {
    }

    /** The script's answer: a batch-level refusal, or a verdict per command. */
    record Applied(String refusal, int productIndex, List<String> verdicts) {
    }

    Applied apply(List<Long> products, Map<Long, Long> fences, Map<Long, Integer> limits, List<Line> lines) {
        List<String> k = new ArrayList<>(1 + 2 * products.size());
        List<String> a = new ArrayList<>();
        k.add(keys.generation());
        a.add(Integer.toString(products.size()));
        for (Long id : products) {
            k.add(keys.counters(id));
            k.add(keys.buyers(id));
            a.add(Long.toString(fences.get(id)));
            a.add(Integer.toString(limits.getOrDefault(id, 0)));
        }
        a.add(Integer.toString(lines.size()));
        for (Line line : lines) {
            a.add(String.valueOf(line.kind()));
            a.add(line.userId() == null ? "" : line.userId());
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
            return new Applied(head, Integer.parseInt(String.valueOf(reply.get(1))), List.of());
        }
        List<String> verdicts = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            verdicts.add(String.valueOf(reply.get(i)));
        }
        return new Applied(null, 0, verdicts);
    }

    /** Installs a ledger snapshot; the buyers' hash first, the counters (the ready signal) last. */
    void install(long productId, Counters counters, Map<String, Integer> buyers, long fence) {
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
                        Long.toString(counters.reserved()), Long.toString(counters.sold()), Long.toString(fence)));
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

    /** True when Redis still holds this generation of the hot copy (false after a loss). */
    public boolean generationPresent() {
        return redis.exists(keys.generation());
    }
}
