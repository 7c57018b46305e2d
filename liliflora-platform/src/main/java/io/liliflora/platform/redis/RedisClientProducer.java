package io.liliflora.platform.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one pooled Jedis client of a WAR, standalone, Sentinel or Cluster ({@link RedisConnections}).
 * Jedis clients are not proxyable, so it is produced as a {@link Singleton}; the pool is closed
 * when the application stops.
 */
@ApplicationScoped
public class RedisClientProducer {

    private static final Logger LOG = Logger.getLogger(RedisClientProducer.class.getName());

    @Produces
    @Singleton
    UnifiedJedis redis(@ConfigProperty(name = "liliflora.redis.url") String url,
                       @ConfigProperty(name = "liliflora.redis.mode", defaultValue = "standalone") String mode,
                       @ConfigProperty(name = "liliflora.redis.nodes") Optional<String> nodes,
                       @ConfigProperty(name = "liliflora.redis.sentinel.master", defaultValue = "liliflora") String master,
                       @ConfigProperty(name = "liliflora.redis.sentinel.password") Optional<String> sentinelPassword,
                       @ConfigProperty(name = "liliflora.redis.pool.max", defaultValue = "32") int maxTotal,
                       @ConfigProperty(name = "liliflora.redis.timeout", defaultValue = "PT2S") Duration timeout) {
        RedisConnections.Settings settings = RedisConnections.Settings.of(mode, url, nodes.orElse(""), master,
                sentinelPassword.orElse(""), maxTotal, timeout);
        LOG.info(() -> "Redis client: " + settings.describe());
        return RedisConnections.open(settings);
    }

    static void close(@Disposes UnifiedJedis redis) {
        redis.close();
    }
}
