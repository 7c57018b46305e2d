package io.liliflora.user;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The development secrets the test server generated at its first start (outside the source
 * tree): lets tests forge tokens the way an attacker holding the key could, and find Redis keys
 * by the email blind index.
 */
public final class DevSecrets {

    private DevSecrets() {
    }

    public static Path keysDir() {
        return Path.of(System.getProperty("liberty.wlp.dir"), "usr", "shared", "resources", "liliflora-keys");
    }

    public static String publicKeyPem() {
        return read("jwt-public.pem");
    }

    public static RSAPrivateKey privateKey() {
        try {
            String base64 = read("jwt-private.pem").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as user-war issues them, valid for 15 minutes. */
    public static JWTClaimsSet.Builder claims(String subject, String... groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("liliflora").subject(subject).claim("upn", subject)
                .claim("groups", List.of(groups)).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900)));
    }

    public static String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(privateKey()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex blind index of an email: how user-war names its Redis keys. */
    public static String emailIndex(String email) {
        try {
            Properties ring = new Properties();
            try (Reader in = Files.newBufferedReader(keysDir().resolve("user-key-ring.properties"))) {
                ring.load(in);
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(ring.getProperty("blind-index")), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("email:" + email).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String name) {
        try {
            return Files.readString(keysDir().resolve(name));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
