package io.liliflora.user.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One refresh token (only its SHA-256 is stored) and the access token issued with it. Tokens of
 * one login share a family: rotating spends the old row and adds a new one; showing a spent or
 * revoked token again revokes the whole family, access tokens included.
 */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "family_id", nullable = false)
    private String familyId;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "access_jti", nullable = false)
    private String accessJti;

    @Column(name = "access_expires_at", nullable = false)
    private Instant accessExpiresAt;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "spent_at")
    private Instant spentAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected RefreshToken() {
    }

    RefreshToken(String tokenHash, String familyId, long userId, String accessJti, Instant accessExpiresAt,
                 Instant issuedAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.familyId = familyId;
        this.userId = userId;
        this.accessJti = accessJti;
        this.accessExpiresAt = accessExpiresAt;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Spent or revoked: showing it again means someone else holds a copy. */
    boolean used() {
        return spentAt != null || revokedAt != null;
    }

    String familyId() { return familyId; }
    long userId() { return userId; }
    String accessJti() { return accessJti; }
    Instant accessExpiresAt() { return accessExpiresAt; }
}
