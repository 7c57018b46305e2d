package io.liliflora.user.verification;

import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.redis.RedisKeys;
import io.liliflora.user.account.Users;
import io.liliflora.user.crypto.Macs;
import io.liliflora.user.mail.Mailer;
import io.liliflora.user.mail.OutgoingMail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Proves a person reads an address before it may sign up. The code lives only as an HMAC in
 * Redis (keyed by the email's blind index, so no address sits there either); a new code replaces
 * the old one, wrong tries are counted atomically and the fifth burns the code.
 */
@ApplicationScoped
public class EmailVerifications {

    /** Replaces any live code: a fresh hash, zero tries, the full TTL. */
    private static final String ISSUE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'h', ARGV[1], 'tries', '0')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    /** {status, attemptsLeft}: ok | missing | burned | wrong. */
    private static final String CONFIRM = """
            local h = redis.call('HGET', KEYS[1], 'h')
            if not h then return {'missing', 0} end
            local max = tonumber(ARGV[2])
            local tries = tonumber(redis.call('HGET', KEYS[1], 'tries'))
            if tries >= max then return {'burned', 0} end
            if h == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
              return {'ok', 0}
            end
            tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
            if tries >= max then return {'burned', 0} end
            return {'wrong', max - tries}
            """;

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys keys;

    @Inject
    Macs macs;

    @Inject
    Users users;

    @Inject
    Mailer mailer;

    @Inject
    @ConfigProperty(name = "liliflora.verification.code-ttl", defaultValue = "PT10M")
    Duration codeTtl;

    @Inject
    @ConfigProperty(name = "liliflora.verification.resend-after", defaultValue = "PT60S")
    Duration resendAfter;

    @Inject
    @ConfigProperty(name = "liliflora.verification.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "liliflora.verification.verified-ttl", defaultValue = "PT30M")
    Duration verifiedTtl;

    private final SecureRandom random = new SecureRandom();

    public void request(String email) {
        String index = macs.emailIndexHex(email);
        if (users.existsByEmail(email)) {
            throw ProblemException.conflict("already-registered", "This email is already registered; log in instead");
        }
        String cooldown = keys.key("verification-cooldown", index);
        if (redis.set(cooldown, "1", SetParams.setParams().nx().px(resendAfter.toMillis())) == null) {
            throw ProblemException.tooManyRequests("A code was sent moments ago; wait before asking again",
                    Duration.ofMillis(Math.max(1000, redis.pttl(cooldown))));
        }
        String code = newCode();
        redis.eval(ISSUE, List.of(keys.key("verification", RedisKeys.sameSlot(index))),
                List.of(macs.codeHash(email, code), Long.toString(codeTtl.toMillis())));
        mailer.send(new OutgoingMail(email, "Your Liliflora verification code: " + code,
                "Your Liliflora verification code is " + code + ".\n\n"
                        + "It expires in " + codeTtl.toMinutes() + " minutes. If you did not ask for it, ignore this mail.\n"));
    }

    public void confirm(String email, String code) {
        String index = macs.emailIndexHex(email);
        @SuppressWarnings("unchecked")
        List<Object> outcome = (List<Object>) redis.eval(CONFIRM,
                List.of(keys.key("verification", RedisKeys.sameSlot(index)), keys.key("verified", RedisKeys.sameSlot(index))),
                List.of(macs.codeHash(email, code), Integer.toString(maxAttempts), Long.toString(verifiedTtl.toMillis())));
        String status = String.valueOf(outcome.get(0));
        switch (status) {
            case "ok" -> {
            }
            case "missing" -> throw new ProblemException(410, "code-expired", "Gone",
                    "No live code for this email (codes expire after " + codeTtl.toMinutes() + " minutes); ask for a new one");
            case "burned" -> throw ProblemException.tooManyRequests(
                    "Too many wrong codes; this code is burned, ask for a new one",
                    Duration.ofMillis(Math.max(1000, redis.pttl(keys.key("verification-cooldown", index)))));
            default -> {
                long left = ((Number) outcome.get(1)).longValue();
                throw ProblemException.badRequest("wrong-code",
                        "Wrong code; " + left + " attempt" + (left == 1 ? "" : "s") + " left");
            }
        }
    }

    /** True while the email's verified mark lives (30 min after confirmation). */
    public boolean isVerified(String email) {
        return redis.exists(keys.key("verified", RedisKeys.sameSlot(macs.emailIndexHex(email))));
    }

    /** A verified mark is good for one signup. */
    public void consume(String email) {
        redis.del(keys.key("verified", RedisKeys.sameSlot(macs.emailIndexHex(email))));
    }

    String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }
}
