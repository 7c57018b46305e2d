package io.liliflora.platform.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liliflora.platform.security.TokenRevocations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The platform's Redis client against a real three-node Redis Cluster and a real Sentinel-watched
 * primary, started by this test from redis-server on ports of its own ({@code it.port.base}41..45),
 * and what every WAR does with it: PING for readiness, the revocation check's one round trip, a
 * script over hash-tagged keys.
 */
class RedisTopologiesTest {

    private static final int BASE = Integer.getInteger("it.port.base", 91) * 100 + 41;
    private static final int[] CLUSTER = {BASE, BASE + 1, BASE + 2};
    private static final int PRIMARY = BASE + 3;
    private static final int SENTINEL = BASE + 4;
    private static LocalRedis redis;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(LocalRedis.available(), "redis-server is not on PATH");
        redis = new LocalRedis(Path.of("target", "redis-topologies"));
        for (int port : CLUSTER) {
            redis.clusterNode(port);
        }
        redis.createCluster(CLUSTER);
        redis.server(PRIMARY);
        redis.sentinel(SENTINEL, "liliflora", PRIMARY);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static RedisConnections.Settings settings(String mode, String url, String nodes) {
        return RedisConnections.Settings.of(mode, url, nodes, "liliflora", "", 8, Duration.ofSeconds(2));
    }

    private static String clusterNodes() {
        return "127.0.0.1:" + CLUSTER[0] + ", 127.0.0.1:" + CLUSTER[1];
    }

    @Test
    void clusterClientReachesEverySlotFromTwoSeedNodes() {
        try (UnifiedJedis jedis = RedisConnections.open(settings("cluster", "redis://127.0.0.1:1/0", clusterNodes()))) {
            assertEquals("PONG", jedis.ping());
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String key = "lili:test:" + i;
                jedis.set(key, Integer.toString(i));
                slots.add(JedisClusterCRC16.getSlot(key));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(Integer.toString(i), jedis.get("lili:test:" + i));
            }
            // keys on every node: 200 keys spread over the 16384 slots land on all three shards
            for (int port : CLUSTER) {
                assertTrue(Integer.parseInt(redis.cli(port, "DBSIZE").trim()) > 0, () -> "node " + port + " holds no key");
            }
            assertTrue(slots.size() > 100);
        }
    }

    @Test
    void scriptOverHashTaggedKeysRunsOnOneSlotInTheCluster() {
        try (UnifiedJedis jedis = RedisConnections.open(settings("cluster", "redis://127.0.0.1:1", clusterNodes()))) {
            String a = "lili:test:{product-7}:counters";
            String b = "lili:test:{product-7}:buyers";
            assertEquals(JedisClusterCRC16.getSlot(a), JedisClusterCRC16.getSlot(b));
            Object moved = jedis.eval("redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], ARGV[1]) "
                    + "return redis.call('GET', KEYS[2])", List.of(a, b), List.of("5"));
            assertEquals("5", moved);
            // the same script over keys of two slots is refused by the cluster: why keys are tagged
            assertThrows(RuntimeException.class, () -> jedis.eval("return redis.call('GET', KEYS[2])",
                    List.of("lili:test:a", "lili:test:b"), List.of()));
        }
    }

    @Test
    void tokenRevocationCheckWorksInTheCluster() {
        try (UnifiedJedis jedis = RedisConnections.open(settings("cluster", "redis://127.0.0.1:1", clusterNodes()))) {
            TokenRevocations revocations = TokenRevocationsFixture.on(jedis);
            String jti = UUID.randomUUID().toString();
            String user = "42";
            assertNull(revocations.verdict(jti, user, Instant.now().getEpochSecond()));
            revocations.revoke(user, jti, Instant.now().plusSeconds(60));
            assertEquals(TokenRevocations.Refusal.REVOKED, revocations.verdict(jti, user, Instant.now().getEpochSecond()));
            revocations.refuseIssuedBefore(user, Instant.now().getEpochSecond() + 1, Duration.ofMinutes(1));
            assertEquals(TokenRevocations.Refusal.ISSUED_BEFORE_RESET,
                    revocations.verdict(UUID.randomUUID().toString(), user, Instant.now().getEpochSecond() - 5));
        }
    }

    @Test
    void sentinelClientFollowsTheNamedPrimary() {
        try (UnifiedJedis jedis = RedisConnections.open(settings("sentinel", "redis://127.0.0.1:1/3", "127.0.0.1:" + SENTINEL))) {
            assertEquals(PRIMARY, ((RedisSentinelClient) jedis).getCurrentMaster().getPort());
            assertEquals("PONG", jedis.ping());
            jedis.set("lili:test:sentinel", "yes");
            // database 3 of the primary, as the URL says
            assertEquals("yes", redis.cli(PRIMARY, "-n", "3", "GET", "lili:test:sentinel").trim());
            TokenRevocations revocations = TokenRevocationsFixture.on(jedis);
            assertNull(revocations.verdict("none", "7", Instant.now().getEpochSecond()));
        }
    }

    @Test
    void badSettingsAreRefusedWithAMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("sharded", "redis://h", ""))
                .getMessage().contains("standalone, sentinel or cluster"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("cluster", "redis://h/0", " "))
                .getMessage().contains("liliflora.redis.nodes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("cluster", "redis://h/2", "h:1"))
                .getMessage().contains("database 0"));
        assertEquals("standalone h:6379/0", settings("STANDALONE", "redis://:secret@h", "").describe());
    }
}
