package io.liliflora.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.SignedJWT;
import io.liliflora.testkit.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Tokens signed with one shop's dev private key, named by its key folder: a comparison measures
 * two shops in one JVM, each with its own keys (the testkit's {@code TestTokens} keeps the first
 * key it read). The claims are the testkit's, as user-war issues them.
 */
final class BenchTokens {

    private final RSAPrivateKey key;

    BenchTokens(Path keysDir) {
        Path pem = keysDir.resolve("jwt-private.pem");
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read the dev signing key " + pem + ": start that server once first", e);
        }
    }

    String sign(String subject, List<String> groups, Duration ttl) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                TestTokens.claims(subject, groups.toArray(String[]::new))
                        .expirationTime(Date.from(Instant.now().plus(ttl))).build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a bench token", e);
        }
        return jwt.serialize();
    }
}
