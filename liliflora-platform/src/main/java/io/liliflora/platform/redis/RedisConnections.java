package io.liliflora.platform.redis;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * How a WAR reaches Redis, in one of three shapes (liliflora.redis.mode):
 * <ul>
 * <li>{@code standalone}: the server of {@code liliflora.redis.url};</li>
 * <li>{@code sentinel}: the primary that the Sentinels in {@code liliflora.redis.nodes} name for
 * {@code liliflora.redis.sentinel.master}, followed across fail-overs;</li>
 * <li>{@code cluster}: a Redis Cluster found from the seed nodes in {@code liliflora.redis.nodes}
 * (database 0 only: a cluster has no SELECT).</li>
 * </ul>
 * In every shape the URL's user, password, database and {@code rediss} (TLS) apply to the data
 * nodes; its host is used only in standalone mode. Every client is a {@link UnifiedJedis}, so
 * the code using it does not know the shape; keys a script or MGET uses together must share a
 * hash tag to work in cluster mode (docs/scaling.md).
 */
public final class RedisConnections {

    public enum Mode { STANDALONE, SENTINEL, CLUSTER }

    private RedisConnections() {
    }

    public record Settings(Mode mode, URI url, Set<HostAndPort> nodes, String sentinelMaster, String sentinelPassword,
                           int maxTotal, Duration timeout) {

        /** Parses the configuration values; fails with a message an operator can act on. */
        public static Settings of(String mode, String url, String nodes, String sentinelMaster, String sentinelPassword,
                                  int maxTotal, Duration timeout) {
            Mode m;
            try {
                m = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("liliflora.redis.mode must be standalone, sentinel or cluster, not " + mode);
            }
            Set<HostAndPort> addresses = new LinkedHashSet<>();
            for (String node : nodes == null ? new String[0] : nodes.split(",")) {
                if (!node.isBlank()) {
                    addresses.add(HostAndPort.from(node.trim()));
                }
            }
            if (m != Mode.STANDALONE && addresses.isEmpty()) {
                throw new IllegalArgumentException("liliflora.redis.nodes must list host:port of the "
                        + (m == Mode.SENTINEL ? "Sentinels" : "cluster's seed nodes") + " in " + mode + " mode");
            }
            URI uri = URI.create(url);
            if (m == Mode.CLUSTER && database(uri) != 0) {
                throw new IllegalArgumentException("A Redis Cluster has only database 0; liliflora.redis.url names " + database(uri));
            }
            return new Settings(m, uri, addresses, sentinelMaster, sentinelPassword, maxTotal, timeout);
        }

        /** Where the client goes, for the log (never the password). */
        public String describe() {
            return switch (mode) {
                case STANDALONE -> "standalone " + url.getHost() + ":" + port(url) + "/" + database(url);
                case SENTINEL -> "sentinel master " + sentinelMaster + " via " + nodes + ", database " + database(url);
                case CLUSTER -> "cluster via " + nodes;
            };
        }
    }

    public static UnifiedJedis open(Settings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.maxTotal());
        pool.setMaxIdle(settings.maxTotal());
        pool.setMinIdle(0);
        pool.setMaxWait(settings.timeout());
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        JedisClientConfig client = clientConfig(settings.url(), settings.timeout());
        return switch (settings.mode()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(new HostAndPort(settings.url().getHost(), port(settings.url())))
                    .clientConfig(client).poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(settings.sentinelMaster())
                    .sentinels(settings.nodes())
                    .clientConfig(client)
                    .sentinelClientConfig(DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis((int) settings.timeout().toMillis())
                            .socketTimeoutMillis((int) settings.timeout().toMillis())
                            .password(blankToNull(settings.sentinelPassword())).build())
                    .poolConfig(pool).build();
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(settings.nodes())
                    .clientConfig(client)
                    // a slot moved or a primary failed over: a few redirects or retries within the timeout
                    .maxAttempts(5)
                    .maxTotalRetriesDuration(settings.timeout())
                    .poolConfig(pool).build();
        };
    }

    private static JedisClientConfig clientConfig(URI uri, Duration timeout) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .ssl("rediss".equals(uri.getScheme()))
                .database(database(uri));
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    client.user(userInfo.substring(0, colon));
                }
                client.password(userInfo.substring(colon + 1));
            } else {
                client.password(userInfo);
            }
        }
        return client.build();
    }

    private static int database(URI uri) {
        String path = uri.getPath();
        return path != null && path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 6379;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
