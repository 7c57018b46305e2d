package io.liliflora.order.idempotency;

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
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Idempotency-Key contract: the first answer to a key (status and body) is replayed for the
 * key's lifetime (24 h); the same key with another body is 422; while the first request still
 * runs, 409. Keys are per user. An answer of 5xx (a dependency down) is not kept, so the client's
 * retry with the same key gets a real second try. A key is claimed inside the buy admission's one
 * Redis round trip ({@code admission.BuyAdmission}); a whole batch of placements settles its keys
 * in one pipelined round trip ({@link #settleAll}).
 */
@ApplicationScoped
public class IdempotentRequests {

    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class.getName());

    /** Replaces our own pending claim (and only ours) with the final record, or removes it. */
    private static final LuaScript SETTLE = new LuaScript("if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0");

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys keys;

    @Inject
    @ConfigProperty(name = "liliflora.order.idempotency.ttl", defaultValue = "PT24H")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "liliflora.order.idempotency.in-flight", defaultValue = "PT60S")
    Duration inFlight;

    /** A request's key, as the admission script claims it: where, and what it writes. */
    public record Claim(String redisKey, String fingerprint, String record) {
    }

    /** The answer a claim is settled with; {@code null} frees the key (a 5xx is not kept). */
    public record Settlement(Claim claim, Answer answer) {
    }

    /** A pending claim on {@code key} for {@code request} of {@code userId} (400 for a malformed key). */
    public Claim pending(String userId, String key, String request) {
        String fingerprint = Fingerprint.of(request);
        return new Claim(redisKey(userId, key), fingerprint,
                IdempotencyRecord.pending(UUID.randomUUID().toString(), fingerprint).encode());
    }

    /** A claim that is at once the final answer (a refusal known before any work). */
    public Claim done(String userId, String key, String request, Answer answer) {
        String fingerprint = Fingerprint.of(request);
        return new Claim(redisKey(userId, key), fingerprint, IdempotencyRecord.done(fingerprint, answer).encode());
    }

    /** How long a claim lives: a pending one until the request must be over, a final one for the key's lifetime. */
    public Duration lifetime(Claim claim) {
        return claim.record().startsWith("done|") ? ttl : inFlight;
    }

    /** What an earlier request with the same key settles: its answer, or why this one is refused. */
    public Answer earlier(String existing, Claim claim) {
        IdempotencyRecord record = IdempotencyRecord.decode(existing);
        if (!record.fingerprint().equals(claim.fingerprint())) {
            throw new ProblemException(422, "idempotency-key-reused", "Unprocessable request",
                    "This Idempotency-Key was used with a different request");
        }
        if (!record.done()) {
            throw ProblemException.conflict("request-in-flight",
                    "A request with this Idempotency-Key is still being processed");
        }
        return record.answer();
    }

    /**
     * Stores the answers (or frees the keys) of many requests in one pipelined round trip. The
     * work has already happened: if Redis fails now, the clients still get their answers (an
     * order placed is answered 201, never a 500 for an order that exists); a claim then lapses
     * with its in-flight lease, so a retry with that key is answered 409 until then.
     */
    public void settleAll(List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        String keep = Long.toString(ttl.toMillis());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<LuaScript.Queued> queued = new ArrayList<>(settlements.size());
            for (Settlement s : settlements) {
                String record = s.answer() == null ? "" : IdempotencyRecord.done(s.claim().fingerprint(), s.answer()).encode();
                queued.add(SETTLE.queue(pipeline, List.of(s.claim().redisKey()), List.of(s.claim().record(), record, keep)));
            }
            pipeline.sync();
            for (LuaScript.Queued q : queued) {
                SETTLE.answer(redis, q);
            }
        } catch (JedisException e) {
            LOG.warning("Cannot store the answers of " + settlements.size()
                    + " Idempotency-Key requests (they are still given): " + e);
        }
    }

    /** The user's key for {@code key}, in the user's hash slot with the rest of the admission's keys. */
    private String redisKey(String userId, String key) {
        if (key.isBlank() || key.length() > 255) {
            throw ProblemException.validation(List.of(new Problem.FieldError("Idempotency-Key",
                    "must be 1 to 255 characters")));
        }
        return keys.key("idempotency", TokenRevocations.userSlot(userId), Fingerprint.of(key));
    }
}
