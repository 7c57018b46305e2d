package io.liliflora.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Signs MP JWT access tokens (RS256) with the configured private key. */
@ApplicationScoped
public class TokenSigner {

    @Inject
    TokenKeys keys;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "liliflora")
    String issuer;

    private volatile RSASSASigner signer;
    private final Clock clock = Clock.systemUTC();

    /** A signed token; returns it with its {@code jti} and expiry so callers can track it. */
    public Signed sign(String subject, Set<String> groups, Duration ttl, Map<String, Object> extraClaims) {
        return sign(subject, groups, ttl, extraClaims, Instant.EPOCH);
    }

    /**
     * As {@link #sign(String, Set, Duration, Map)}, but never dated before {@code notBefore}: a
     * user's tokens-valid-after mark is a whole second, so a login in the very second of a
     * password change gets {@code iat} = the mark (at most a second ahead) instead of being
     * refused with the tokens the change revoked.
     */
    public Signed sign(String subject, Set<String> groups, Duration ttl, Map<String, Object> extraClaims,
                       Instant notBefore) {
        Instant now = clock.instant();
        if (now.isBefore(notBefore)) {
            now = notBefore;
        }
        Instant expires = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("upn", subject)
                .claim("groups", new ArrayList<>(groups))
                .jwtID(jti)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires));
        extraClaims.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        return new Signed(jwt.serialize(), jti, now, expires);
    }

    private RSASSASigner signer() {
        if (signer == null) {
            signer = new RSASSASigner(keys.privateKey());
        }
        return signer;
    }

    public record Signed(String token, String jti, Instant issuedAt, Instant expiresAt) {
    }
}
