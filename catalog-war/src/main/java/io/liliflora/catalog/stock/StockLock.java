package io.liliflora.catalog.stock;

import io.liliflora.platform.redis.LuaScript;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.UnifiedJedis;

/**
 * The per-product Redis lock: a random owner token set with {@code SET NX PX} (a lease), released
 * by compare-and-delete in Lua, acquired within a bounded wait, and handing out a fencing token
 * (a per-product {@code INCR}) that every write checks, so a holder paused past its lease is
 * refused at the write instead of trusted.
 */
public final class StockLock {

    /** Acquire and take the next fencing token in one step, so no holder ever writes without one. */
    private static final LuaScript ACQUIRE = new LuaScript("""
            if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return redis.call('incr', KEYS[2])
            end
            return 0
            """);

    /**
     * Compare-and-delete. When the holder's ledger write committed, its dirty mark is cleared too
     * (only if it is still its own: a later holder may have marked the counters since).
     */
    private static final LuaScript RELEASE = new LuaScript("""
            if ARGV[3] == '1' and redis.call('hget', KEYS[2], 'dirty') == ARGV[2] then
              redis.call('hdel', KEYS[2], 'dirty')
            end
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('del', KEYS[1])
            end
            return 0
            """);

    /** Raises the fencing counter to at least the ledger's fence (after Redis lost the counter). */
    private static final LuaScript RAISE_FENCE = new LuaScript("""
            local current = tonumber(redis.call('get', KEYS[1]) or '0')
            if current < tonumber(ARGV[1]) then
              redis.call('set', KEYS[1], ARGV[1])
            end
            return 1
            """);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A held lock: who holds it (token), its fencing token, and when its lease runs out. */
    public record Lease(long productId, String token, long fence, long leaseEndsNanos) {
    }

    private final UnifiedJedis redis;
    private final StockKeys keys;
    private final Duration lease;
    private final Duration maxWait;

    public StockLock(UnifiedJedis redis, StockKeys keys, Duration lease, Duration maxWait) {
        this.redis = redis;
        this.keys = keys;
        this.lease = lease;
        this.maxWait = maxWait;
    }

    /** The lock of one product, or empty when the bounded wait ran out. */
    public Optional<Lease> acquire(long productId) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pauseMicros = 50;
        while (true) {
            long started = System.nanoTime();
            Object fence = ACQUIRE.run(redis, List.of(keys.lock(productId), keys.fence(productId)),
                    List.of(token, Long.toString(lease.toMillis())));
            long value = ((Number) fence).longValue();
            if (value > 0) {
                // The lease is counted from before the request: never believe it lasts longer than it does.
                return Optional.of(new Lease(productId, token, value, started + lease.toNanos()));
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pauseMicros, pauseMicros * 2) * 1000);
            pauseMicros = Math.min(pauseMicros * 2, 5_000);
        }
    }

    /** Releases the lock if still ours; clears our dirty mark when our ledger write committed. */
    public boolean release(Lease held, boolean committed) {
        Object released = RELEASE.run(redis, List.of(keys.lock(held.productId()), keys.counters(held.productId())),
                List.of(held.token(), Long.toString(held.fence()), committed ? "1" : "0"));
        return ((Number) released).longValue() == 1;
    }

    void raiseFence(long productId, long atLeast) {
        RAISE_FENCE.run(redis, List.of(keys.fence(productId)), List.of(Long.toString(atLeast)));
    }
}
