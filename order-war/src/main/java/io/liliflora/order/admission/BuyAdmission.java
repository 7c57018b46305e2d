package io.liliflora.order.admission;

import io.liliflora.order.idempotency.Answer;
import io.liliflora.order.idempotency.IdempotentRequests;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.redis.LuaScript;
import io.liliflora.platform.redis.RedisKeys;
import io.liliflora.platform.security.TokenRevocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Lets a buy attempt (POST /orders, POST /wishlist/checkout) in, in ONE Redis round trip: the
 * token's revocation (the shared keys {@link TokenRevocations} reads; the resource carries
 * {@code ChecksRevocationItself}, so the filter's own check is skipped), the account's buy rate
 * limit, and the Idempotency-Key: a replay gets its first answer, a fresh key is claimed, and a
 * refusal known before any work (a product this server knows is sold out) is stored as the key's
 * final answer at once. Every key carries the user's hash tag, so the script also runs on Redis
 * Cluster. Redis down: 503, since a revoked token must not pass unchecked.
 */
@ApplicationScoped
public class BuyAdmission {

    private static final Logger LOG = Logger.getLogger(BuyAdmission.class.getName());

    /**
     * KEYS: revoked jti, the user's tokens-valid-after mark, the user's buy attempts[, the
     * idempotency key]. ARGV: iat, window ms, attempts allowed[, record to claim with, its ms].
     */
    static final LuaScript ADMIT = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return {'REVOKED'} end
            local after = redis.call('GET', KEYS[2])
            if after and tonumber(ARGV[1]) < tonumber(after) then return {'RESET'} end
            local n = redis.call('INCR', KEYS[3])
            if n == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
            if n > tonumber(ARGV[3]) then
              local left = redis.call('PTTL', KEYS[3])
              if left < 0 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) left = tonumber(ARGV[2]) end
              return {'LIMITED', tostring(left)}
            end
            if #KEYS == 4 then
              local earlier = redis.call('GET', KEYS[4])
              if earlier then return {'EARLIER', earlier} end
              redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[5])
            end
            return {'ADMITTED'}
            """);

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys keys;

    @Inject
    TokenRevocations revocations;

    @Inject
    IdempotentRequests idempotency;

    @Inject
    @ConfigProperty(name = "liliflora.order.buy-limit.attempts", defaultValue = "20")
    int attempts;

    @Inject
    @ConfigProperty(name = "liliflora.order.buy-limit.window", defaultValue = "PT10S")
    Duration window;

    /**
     * What admission decided: {@code answer} when the request is answered already (a replay, or
     * the known refusal), else the placement goes on, with the key's {@code claim} if it has one.
     */
    public record Ticket(Answer answer, IdempotentRequests.Claim claim) {
    }

    /**
     * Admits one attempt of the token's owner. {@code request} is the canonical request the key is
     * bound to; {@code knownRefusal} the answer already known without any work, if any. Throws
     * the refusal (401, 409 in flight, 422 key reused, 429, 503) as a problem.
     */
    public Ticket admit(JsonWebToken jwt, String key, String request, Optional<ProblemException> knownRefusal) {
        String user = jwt.getSubject();
        IdempotentRequests.Claim claim = key == null ? null : knownRefusal
                .map(refusal -> idempotency.done(user, key, request, Answer.problem(refusal.problem())))
                .orElseGet(() -> idempotency.pending(user, key, request));
        List<String> scriptKeys = new ArrayList<>(List.of(
                revocations.revokedKey(user, jwt.getTokenID() == null ? "" : jwt.getTokenID()),
                revocations.validAfterKey(user),
                keys.key("buy-attempts", TokenRevocations.userSlot(user))));
        List<String> args = new ArrayList<>(List.of(Long.toString(jwt.getIssuedAtTime()),
                Long.toString(window.toMillis()), Integer.toString(attempts)));
        if (claim != null) {
            scriptKeys.add(claim.redisKey());
            args.add(claim.record());
            args.add(Long.toString(idempotency.lifetime(claim).toMillis()));
        }
        List<?> reply;
        try {
            reply = (List<?>) ADMIT.run(redis, scriptKeys, args);
        } catch (JedisException redisDown) {
            LOG.warning("Cannot admit a buy attempt: " + redisDown);
            throw new ProblemException(new Problem("service-unavailable", "Service unavailable", 503,
                    "Cannot check the token right now; try again shortly"), Duration.ofSeconds(2));
        }
        String verdict = String.valueOf(reply.get(0));
        return switch (verdict) {
            case "REVOKED" -> throw ProblemException.unauthorized("This token was revoked; log in again");
            case "RESET" -> throw ProblemException.unauthorized(
                    "This token was issued before the password changed; log in again");
            case "LIMITED" -> throw ProblemException.tooManyRequests(
                    "Too many purchase attempts from this account; try again shortly",
                    Duration.ofMillis(Long.parseLong(String.valueOf(reply.get(1)))));
            case "EARLIER" -> new Ticket(idempotency.earlier(String.valueOf(reply.get(1)), claim), null);
            case "ADMITTED" -> knownRefusal.isPresent()
                    ? new Ticket(Answer.problem(knownRefusal.get().problem()), null)
                    : new Ticket(null, claim);
            default -> throw new IllegalStateException("Unknown admission verdict " + verdict);
        };
    }
}
