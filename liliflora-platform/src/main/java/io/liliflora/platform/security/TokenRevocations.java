package io.liliflora.platform.security;

import io.liliflora.platform.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The shared revocation state every WAR reads (docs/internal-api.md, "Shared Redis keys"):
 * revoked access tokens by {@code jti}, and per user the second before which tokens are refused.
 * user-war writes it; every WAR checks it with {@link #verdict} in ONE round trip (MGET), except
 * where a resource checks it itself in a larger script ({@link ChecksRevocationItself}).
 */
@ApplicationScoped
public class TokenRevocations {

    /** Why a token is refused, or {@code null} when it may pass. */
    public enum Refusal { REVOKED, ISSUED_BEFORE_RESET }

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys keys;

    /**
     * Both keys of a user carry the user's hash tag ({@link #userSlot}), so a script may read them
     * with the user's other keys in one call, also on Redis Cluster (order-war's buy admission).
     */
    public String revokedKey(String userId, String jti) {
        return keys.shared("revoked", userSlot(userId), jti);
    }

    public String validAfterKey(String userId) {
        return keys.shared("tokens-valid-after", userSlot(userId));
    }

    /** The hash tag of every per-user key that scripts use together. */
    public static String userSlot(String userId) {
        return RedisKeys.sameSlot("user:" + userId);
    }

    /** Refuses one access token of {@code userId} until it would have expired anyway. */
    public void revoke(String userId, String jti, Instant expiresAt) {
        long ms = Duration.between(Instant.now(), expiresAt).toMillis();
        if (jti != null && ms > 0) {
            redis.set(revokedKey(userId, jti), "1", SetParams.setParams().px(ms));
        }
    }

    /**
     * Refuses every token of the user issued before {@code after} (epoch seconds, as {@code iat}).
     * The mark lives as long as the longest token it may have to refuse.
     */
    public void refuseIssuedBefore(String userId, long afterEpochSecond, Duration longestTokenLife) {
        redis.set(validAfterKey(userId), Long.toString(afterEpochSecond),
                SetParams.setParams().ex(longestTokenLife.plusMinutes(1).toSeconds()));
    }

    /** The user's mark in epoch seconds, 0 when none. */
    public long validAfter(String userId) {
        String value = redis.get(validAfterKey(userId));
        return value == null ? 0 : Long.parseLong(value);
    }

    /** One MGET for both keys: the whole cost revocation adds to an authenticated request. */
    public Refusal verdict(String jti, String userId, long issuedAtEpochSecond) {
        List<String> values = redis.mget(revokedKey(userId, jti == null ? "" : jti), validAfterKey(userId));
        return judge(values.get(0), values.get(1), issuedAtEpochSecond);
    }

    static Refusal judge(String revoked, String validAfter, long issuedAt) {
        if (revoked != null) {
            return Refusal.REVOKED;
        }
        if (validAfter != null && issuedAt < Long.parseLong(validAfter)) {
            return Refusal.ISSUED_BEFORE_RESET;
        }
        return null;
    }
}
