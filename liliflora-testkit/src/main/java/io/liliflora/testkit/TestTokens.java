package io.liliflora.testkit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens for container tests, signed like user-war signs them (RS256, issuer
 * {@code liliflora}) with the dev private key the test server generated at its first start in
 * {@code <wlp>/usr/shared/resources/liliflora-keys/} (outside the source tree).
 */
public final class TestTokens {

    private TestTokens() {
    }

    /** A shopper's token for user id {@code userId}. */
    public static String user(String userId) {
        return sign(userId, List.of("USER"), Duration.ofMinutes(10));
    }

    /** An administrator's token. */
    public static String admin() {
        return sign("admin-" + UUID.randomUUID(), List.of("USER", "ADMIN"), Duration.ofMinutes(10));
    }

    /** A service token as {@code ServiceTokens} mints it, for the internal APIs. */
    public static String service(String name) {
        return sign("service:" + name, List.of("SERVICE"), Duration.ofMinutes(5));
    }

    public static String sign(String subject, List<String> groups, Duration ttl) {
        return sign(claims(subject, groups.toArray(String[]::new))
                .expirationTime(Date.from(Instant.now().plus(ttl))).build());
    }

    /** Claims as user-war issues them, valid for 15 minutes; change any before signing. */
    public static JWTClaimsSet.Builder claims(String subject, String... groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("liliflora").subject(subject).claim("upn", subject)
                .claim("groups", List.of(groups)).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900)));
    }

    public static String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(privateKey()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
        return jwt.serialize();
    }

    public static Path keysDir() {
        return Path.of(System.getProperty("liberty.wlp.dir", "target/liberty/wlp"),
                "usr", "shared", "resources", "liliflora-keys");
    }

    public static String publicKeyPem() {
        try {
            return Files.readString(keysDir().resolve("jwt-public.pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static volatile RSAPrivateKey key;

    public static RSAPrivateKey privateKey() {
        if (key == null) {
            try {
                String base64 = Files.readString(keysDir().resolve("jwt-private.pem"))
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot read the dev signing key", e);
            }
        }
        return key;
    }
}
