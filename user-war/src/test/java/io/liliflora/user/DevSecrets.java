package io.liliflora.user;

import io.liliflora.testkit.TestTokens;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The personal-data key ring the test server generated at its first start (outside the source
 * tree, next to the token keys of {@link TestTokens}): lets tests find Redis keys by the email
 * blind index.
 */
public final class DevSecrets {

    private DevSecrets() {
    }

    /** The hex blind index of an email: how user-war names its Redis keys. */
    public static String emailIndex(String email) {
        try {
            Properties ring = new Properties();
            try (Reader in = Files.newBufferedReader(TestTokens.keysDir().resolve("user-key-ring.properties"))) {
                ring.load(in);
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(ring.getProperty("blind-index")), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("email:" + email).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
