package io.liliflora.user.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The refresh-token store in MySQL: survives restarts of Redis and of the server. */
@ApplicationScoped
public class RefreshTokens {

    /** What showing a refresh token did. */
    sealed interface Spending permits Spent, Reused, Unknown {
    }

    record Spent(long userId, String familyId) implements Spending {
    }

    record Reused(long userId, String familyId) implements Spending {
    }

    record Unknown() implements Spending {
    }

    /** An access token of a revoked family, to refuse in Redis until it expires. */
    record AccessGrant(long userId, String jti, Instant expiresAt) {
    }

    @PersistenceContext(unitName = "user")
    EntityManager em;

    private final SecureRandom random = new SecureRandom();

    /** Stores a new refresh token for this access token; returns the raw token (shown once). */
    @Transactional
    public String issue(long userId, String familyId, String accessJti, Instant accessExpiresAt, Instant expiresAt) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        em.persist(new RefreshToken(hash(token), familyId, userId, accessJti, accessExpiresAt, Instant.now(), expiresAt));
        return token;
    }

    /**
     * Spends the token in one conditional UPDATE, so of two racing uses exactly one wins and the
     * other counts as reuse.
     */
    @Transactional
    public Spending spend(String token) {
        Instant now = Instant.now();
        String hash = hash(token);
        int spent = em.createQuery("UPDATE RefreshToken r SET r.spentAt = :now WHERE r.tokenHash = :hash"
                        + " AND r.spentAt IS NULL AND r.revokedAt IS NULL AND r.expiresAt > :now")
                .setParameter("now", now).setParameter("hash", hash).executeUpdate();
        RefreshToken row = em.find(RefreshToken.class, hash);
        if (row == null) {
            return new Unknown();
        }
        if (spent == 1) {
            return new Spent(row.userId(), row.familyId());
        }
        if (row.expiredAt(now)) {
            return new Unknown();
        }
        return row.used() ? new Reused(row.userId(), row.familyId()) : new Unknown();
    }

    /** Revokes every refresh token of the family; returns its access tokens still alive. */
    @Transactional
    public List<AccessGrant> revokeFamily(String familyId) {
        Instant now = Instant.now();
        em.createQuery("UPDATE RefreshToken r SET r.revokedAt = :now WHERE r.familyId = :family AND r.revokedAt IS NULL")
                .setParameter("now", now).setParameter("family", familyId).executeUpdate();
        return em.createQuery("SELECT r FROM RefreshToken r WHERE r.familyId = :family AND r.accessExpiresAt > :now",
                        RefreshToken.class)
                .setParameter("family", familyId).setParameter("now", now).getResultList().stream()
                .map(r -> new AccessGrant(r.userId(), r.accessJti(), r.accessExpiresAt())).toList();
    }

    /** The family the access token {@code jti} was issued in, if any. */
    public String familyOfAccess(String jti) {
        return em.createQuery("SELECT r.familyId FROM RefreshToken r WHERE r.accessJti = :jti", String.class)
                .setParameter("jti", jti).getResultStream().findFirst().orElse(null);
    }

    /** Revokes every refresh token of the user (password change). */
    @Transactional
    public void revokeAllOf(long userId) {
        em.createQuery("UPDATE RefreshToken r SET r.revokedAt = :now WHERE r.userId = :user AND r.revokedAt IS NULL")
                .setParameter("now", Instant.now()).setParameter("user", userId).executeUpdate();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
