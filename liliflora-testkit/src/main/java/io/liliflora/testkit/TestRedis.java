package io.liliflora.testkit;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The Redis database the test servers use ({@code it.redis.db}). */
public final class TestRedis {

    private TestRedis() {
    }

    public static UnifiedJedis connect() {
        String host = System.getenv().getOrDefault("LILIFLORA_REDIS_HOST", "127.0.0.1");
        return RedisClient.create("redis://" + host + ":6379/" + System.getProperty("it.redis.db", "1"));
    }
}
