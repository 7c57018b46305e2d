package io.liliflora.user.session;

import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * Counts failed logins per account (by blind index) and per client address in fixed windows;
 * past the limit every attempt is refused with 429 + Retry-After before the password is even
 * checked, so guessing gets no answers. The same refusal for known and unknown accounts.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String FAIL = """
            for i = 1, #KEYS do
              if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
            end
            return 1
            """;

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys keys;

    @Inject
    @ConfigProperty(name = "liliflora.login.max-failures-per-account", defaultValue = "5")
    int maxPerAccount;

    @Inject
    @ConfigProperty(name = "liliflora.login.max-failures-per-client", defaultValue = "20")
    int maxPerClient;

    @Inject
    @ConfigProperty(name = "liliflora.login.failure-window", defaultValue = "PT15M")
    Duration window;

    public void checkAllowed(String accountIndex, String client) {
        String account = accountKey(accountIndex);
        String address = clientKey(client);
        List<String> counts = redis.mget(account, address);
        if (count(counts.get(0)) >= maxPerAccount) {
            throw refused(account);
        }
        if (count(counts.get(1)) >= maxPerClient) {
            throw refused(address);
        }
    }

    public void failed(String accountIndex, String client) {
        // One key per call: the two counters hash to different Redis Cluster slots.
        List<String> args = List.of(Long.toString(window.toMillis()));
        redis.eval(FAIL, List.of(accountKey(accountIndex)), args);
        redis.eval(FAIL, List.of(clientKey(client)), args);
    }

    public void succeeded(String accountIndex) {
        redis.del(accountKey(accountIndex));
    }

    private ProblemException refused(String key) {
        long ttl = redis.pttl(key);
        return ProblemException.tooManyRequests("Too many failed logins; try again later",
                Duration.ofMillis(ttl > 0 ? ttl : window.toMillis()));
    }

    private String accountKey(String accountIndex) {
        return keys.key("login-failures", "account", accountIndex);
    }

    private String clientKey(String client) {
        return keys.key("login-failures", "client", client == null ? "unknown" : client);
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
