package io.liliflora.platform.redis;

import io.liliflora.platform.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Redis keys of this WAR, all under {@code <prefix><service>:} so the WARs can share one Redis
 * without stepping on each other, and an operator can tell whose key is whose.
 */
@ApplicationScoped
public class RedisKeys {

    @Inject
    ServiceIdentity service;

    @Inject
    @ConfigProperty(name = "liliflora.redis.key-prefix", defaultValue = "lili:")
    String prefix;

    private String base;

    public String key(Object... parts) {
        if (base == null) {
            base = prefix + service.name() + ":";
        }
        StringBuilder key = new StringBuilder(base);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(':');
            }
            key.append(parts[i]);
        }
        return key.toString();
    }

    /**
     * A key part that alone decides the key's Redis Cluster slot (a hash tag): keys sharing it may
     * be used together in one script or transaction in cluster mode, e.g.
     * {@code key("verification", sameSlot(index))} and {@code key("verified", sameSlot(index))}.
     */
    public static String sameSlot(Object part) {
        return "{" + part + "}";
    }

    /** Keys of another namespace shared on purpose (e.g. token revocation read by every WAR). */
    public String shared(Object... parts) {
        StringBuilder key = new StringBuilder(prefix).append("shared:");
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(':');
            }
            key.append(parts[i]);
        }
        return key.toString();
    }
}
