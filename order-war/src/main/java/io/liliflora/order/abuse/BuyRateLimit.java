package io.liliflora.order.abuse;

import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.problem.ProblemResponses;
import io.liliflora.platform.redis.RedisKeys;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Caps how often one shopper may try to buy (POST /orders, POST /wishlist/checkout) in a fixed
 * window, so a script hammering the drop from one account gets 429 + Retry-After instead of
 * stock-engine time. The default (20 per 10 s) is far above what a person clicking "buy" does.
 * One Redis round trip per attempt. Runs after authorisation, so the count is per token subject.
 */
@Provider
@BuyPath
@ApplicationScoped
@Priority(Priorities.USER)
public class BuyRateLimit implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(BuyRateLimit.class.getName());

    /** Counts the attempt; answers -1 when allowed, else the window's remaining milliseconds. */
    private static final String COUNT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if n <= tonumber(ARGV[2]) then return -1 end
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) left = tonumber(ARGV[1]) end
            return left
            """;

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys keys;

    @Inject
    @ConfigProperty(name = "liliflora.order.buy-limit.attempts", defaultValue = "20")
    int attempts;

    @Inject
    @ConfigProperty(name = "liliflora.order.buy-limit.window", defaultValue = "PT10S")
    Duration window;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal caller = request.getSecurityContext().getUserPrincipal();
        if (!(caller instanceof JsonWebToken token) || token.getSubject() == null) {
            return; // authentication already refused it
        }
        long left;
        try {
            left = ((Number) redis.eval(COUNT, List.of(keys.key("buy-attempts", token.getSubject())),
                    List.of(Long.toString(window.toMillis()), Integer.toString(attempts)))).longValue();
        } catch (JedisException redisDown) {
            // Redis trouble must not turn a purchase into a 500; the token revocation check
            // before us already answers 503 while Redis is down, so this is only a blip.
            LOG.log(Level.FINE, "Buy limit not checked, Redis unavailable", redisDown);
            return;
        }
        if (left >= 0) {
            ProblemException refused = ProblemException.tooManyRequests(
                    "Too many purchase attempts from this account; try again shortly", Duration.ofMillis(left));
            request.abortWith(ProblemResponses.of(refused));
        }
    }
}
