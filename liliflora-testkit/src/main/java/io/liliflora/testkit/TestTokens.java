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
 * {@code <wlp>/usr/shared/resources/liliflora-keys/jwt-private.pem}.
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
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("liliflora")
                .subject(subject)
                .claim("upn", subject)
                .claim("groups", groups)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(privateKey()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
        return jwt.serialize();
    }

    private static volatile RSAPrivateKey key;

    private static RSAPrivateKey privateKey() throws Exception {
        if (key == null) {
            Path pem = Path.of(System.getProperty("liberty.wlp.dir", "target/liberty/wlp"),
                    "usr", "shared", "resources", "liliflora-keys", "jwt-private.pem");
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        }
        return key;
    }
}
