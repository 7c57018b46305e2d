package io.liliflora.testkit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tokens an attacker would try, each built from claims that are otherwise valid. */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** Name -> token, for the claims of a real user with the given groups. */
    public static Map<String, String> against(String subject, String... groups) {
        Map<String, String> forged = new LinkedHashMap<>();
        JWTClaimsSet claims = TestTokens.claims(subject, groups).build();
        forged.put("alg none", new PlainJWT(claims).serialize());
        forged.put("HS256 keyed with the public key", hmacWithPublicKey(claims));
        forged.put("signed by a foreign key", foreignKey(claims));
        forged.put("wrong issuer", TestTokens.sign(TestTokens.claims(subject, groups).issuer("evil").build()));
        Instant past = Instant.now().minusSeconds(3600);
        forged.put("expired", TestTokens.sign(TestTokens.claims(subject, groups)
                .issueTime(Date.from(past.minusSeconds(900))).expirationTime(Date.from(past)).build()));
        forged.put("tampered payload", tampered(TestTokens.sign(claims)));
        forged.put("garbage", "not.a.jwt");
        return forged;
    }

    private static String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(TestTokens.publicKeyPem().getBytes(StandardCharsets.US_ASCII)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String foreignKey(JWTClaimsSet claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(generator.generateKeyPair().getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Promotes the holder to ADMIN in the payload and keeps the original signature. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
