package io.liliflora.order.idempotency;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Idempotency-Key contract: the first answer to a key (status and body) is replayed for the
 * key's lifetime (24 h); the same key with another body is 422; while the first request still
 * runs, 409. Keys are per user. An answer of 5xx (a dependency down) is not kept, so the client's
 * retry with the same key gets a real second try. One Redis round trip to claim a key, one to
 * store the answer.
 */
@ApplicationScoped
public class IdempotentRequests {

    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class.getName());

    /** Claims the key if free (with a pending or a final record); otherwise returns what is there. */
    private static final String CLAIM = "local v = redis.call('GET', KEYS[1]) "
            + "if v then return v end "
            + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false";
    /** Replaces our own pending claim (and only ours) with the final record or removes it. */
    private static final String SETTLE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";


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

    /**
     * Runs {@code work} once per (user, key, request). Without a key it simply runs. Problems
     * (4xx) thrown by {@code work} become the stored answer like a success.
     */
    public Answer once(String userId, String key, String request, Supplier<Answer> work) {
        if (key == null) {
            return work.get();
        }
        String redisKey = redisKey(userId, key);
        String fingerprint = sha256(request);
        String lease = UUID.randomUUID().toString();
        String claim = IdempotencyRecord.pending(lease, fingerprint).encode();
        Object existing = redis.eval(CLAIM, List.of(redisKey), List.of(claim, String.valueOf(inFlight.toMillis())));
        if (existing != null) {
            return earlier(existing, fingerprint);
        }
        Answer answer;
        try {
            answer = work.get();
        } catch (ProblemException problem) {
            if (problem.problem().getStatus() >= 500) {
                settle(redisKey, claim, "");
                throw problem;
            }
            answer = Answer.problem(problem.problem());
        } catch (RuntimeException unexpected) {
            settle(redisKey, claim, "");
            throw unexpected;
        }
        settle(redisKey, claim, IdempotencyRecord.done(fingerprint, answer).encode());
        return answer;
    }

    /**
     * The answer to a request that is known before any work is done (a refusal that changes
     * nothing): kept for the key in one Redis round trip instead of a claim and a settle. A key
     * already used is answered as in {@link #once}.
     */
    public Answer answerAtOnce(String userId, String key, String request, Answer answer) {
        if (key == null) {
            return answer;
        }
        String redisKey = redisKey(userId, key);
        String fingerprint = sha256(request);
        Object existing;
        try {
            existing = redis.eval(CLAIM, List.of(redisKey), List.of(IdempotencyRecord.done(fingerprint, answer).encode(),
                    String.valueOf(ttl.toMillis())));
        } catch (JedisException e) {
            LOG.warning("Cannot store the answer of an Idempotency-Key request (it is still given): " + e);
            return answer;
        }
        return existing == null ? answer : earlier(existing, fingerprint);
    }

    /** What an earlier request with the same key settles: its answer, or why this one is refused. */
    private static Answer earlier(Object existing, String fingerprint) {
        IdempotencyRecord record = IdempotencyRecord.decode(existing.toString());
        if (!record.fingerprint().equals(fingerprint)) {
            throw new ProblemException(422, "idempotency-key-reused", "Unprocessable request",
                    "This Idempotency-Key was used with a different request");
        }
        if (!record.done()) {
            throw ProblemException.conflict("request-in-flight",
                    "A request with this Idempotency-Key is still being processed");
        }
        return record.answer();
    }

    private String redisKey(String userId, String key) {
        checkKey(key);
        return keys.key("idempotency", userId, sha256(key));
    }

    private static void checkKey(String key) {
        if (key.isBlank() || key.length() > 255) {
            throw ProblemException.validation(List.of(new Problem.FieldError("Idempotency-Key",
                    "must be 1 to 255 characters")));
        }
    }

    /**
     * Stores the answer (or frees the key). The work has already happened: if Redis fails now,
     * the client still gets that answer (an order placed is answered 201, never a 500 for an
     * order that exists); the claim then lapses with its in-flight lease, so a retry with the key
     * is answered 409 until then.
     */
    private void settle(String redisKey, String claim, String record) {
        try {
            redis.eval(SETTLE, List.of(redisKey), List.of(claim, record, String.valueOf(ttl.toMillis())));
        } catch (JedisException e) {
            LOG.warning("Cannot store the answer of an Idempotency-Key request (it is still given): " + e);
        }
    }

    static String sha256(String text) {
        return Fingerprint.of(text);
    }
}
