package io.liliflora.platform.redis;

import io.liliflora.platform.ServiceIdentity;
import io.liliflora.platform.security.TokenRevocations;
import java.lang.reflect.Field;
import redis.clients.jedis.UnifiedJedis;

/** A {@link TokenRevocations} wired by hand (no CDI here) to a given client, keys as in a WAR. */
final class TokenRevocationsFixture {

    private TokenRevocationsFixture() {
    }

    static TokenRevocations on(UnifiedJedis jedis) {
        RedisKeys keys = new RedisKeys();
        keys.service = new ServiceIdentity("test");
        keys.prefix = "lili:";
        TokenRevocations revocations = new TokenRevocations();
        try {
            set(revocations, "redis", jedis);
            set(revocations, "keys", keys);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return revocations;
    }

    private static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }
}
