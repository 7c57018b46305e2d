package io.liliflora.user.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user service's secrets, read from a properties file:
 * <pre>
 * pii.active=k2            # the key id new rows are encrypted under
 * pii.k1=&lt;base64 32 bytes&gt;  # older ids stay so rows written under them still decrypt
 * pii.k2=&lt;base64 32 bytes&gt;
 * blind-index=&lt;base64 32 bytes&gt;   # HMAC key of the email lookup column
 * code-mac=&lt;base64 32 bytes&gt;      # HMAC key of verification codes in Redis
 * </pre>
 * Each purpose has its own key, so one leaking does not expose the others.
 */
public final class KeyRing {

    private final String activeId;
    private final Map<String, SecretKey> piiKeys;
    private final SecretKey blindIndexKey;
    private final SecretKey codeMacKey;

    KeyRing(String activeId, Map<String, SecretKey> piiKeys, SecretKey blindIndexKey, SecretKey codeMacKey) {
        if (!piiKeys.containsKey(activeId)) {
            throw new IllegalStateException("The active PII key id " + activeId + " has no key");
        }
        this.activeId = activeId;
        this.piiKeys = Map.copyOf(piiKeys);
        this.blindIndexKey = blindIndexKey;
        this.codeMacKey = codeMacKey;
    }

    public static KeyRing from(Properties p) {
        String active = required(p, "pii.active");
        Map<String, SecretKey> pii = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("pii.") && !name.equals("pii.active")) {
                pii.put(name.substring(4), key(p.getProperty(name), "AES", name));
            }
        }
        return new KeyRing(active, pii, key(required(p, "blind-index"), "HmacSHA256", "blind-index"),
                key(required(p, "code-mac"), "HmacSHA256", "code-mac"));
    }

    /** A fresh development ring: one PII key {@code k1} and the two HMAC keys. */
    public static Properties generate(SecureRandom random) {
        Properties p = new Properties();
        p.setProperty("pii.active", "k1");
        p.setProperty("pii.k1", randomKey(random));
        p.setProperty("blind-index", randomKey(random));
        p.setProperty("code-mac", randomKey(random));
        return p;
    }

    public static String randomKey(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    String activeId() {
        return activeId;
    }

    SecretKey pii(String id) {
        SecretKey key = piiKeys.get(id);
        if (key == null) {
            throw new IllegalStateException("No PII key with id " + id + " in the key ring");
        }
        return key;
    }

    SecretKey blindIndexKey() {
        return blindIndexKey;
    }

    SecretKey codeMacKey() {
        return codeMacKey;
    }

    private static String required(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Key ring entry " + name + " is missing");
        }
        return value.trim();
    }

    private static SecretKey key(String base64, String algorithm, String name) {
        byte[] bytes = Base64.getDecoder().decode(base64.trim());
        if (bytes.length != 32) {
            throw new IllegalStateException("Key ring entry " + name + " must be 32 bytes, is " + bytes.length);
        }
        return new SecretKeySpec(bytes, algorithm);
    }
}
