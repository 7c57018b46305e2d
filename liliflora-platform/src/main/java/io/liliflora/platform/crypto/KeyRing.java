package io.liliflora.platform.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The personal-data secrets every service shares, read from one properties file:
 * <pre>
 * pii.active=k2            # the key id new rows are encrypted under
 * pii.k1=&lt;base64 32 bytes&gt;  # older ids stay so rows written under them still decrypt
 * pii.k2=&lt;base64 32 bytes&gt;
 * blind-index=&lt;base64 32 bytes&gt;   # any other entry: an HMAC key for one purpose of one service
 * </pre>
 * Each purpose has its own key, so one leaking does not expose the others. The ring does not
 * know which purposes exist; a service asks for the HMAC keys it needs by name.
 */
public final class KeyRing {

    private static final String PII = "pii.";
    private static final String ACTIVE = "pii.active";

    private final String activeId;
    private final Map<String, SecretKey> piiKeys;
    private final Map<String, SecretKey> macKeys;

    private KeyRing(String activeId, Map<String, SecretKey> piiKeys, Map<String, SecretKey> macKeys) {
        if (!piiKeys.containsKey(activeId)) {
            throw new IllegalStateException("The active PII key id " + activeId + " has no key");
        }
        this.activeId = activeId;
        this.piiKeys = Map.copyOf(piiKeys);
        this.macKeys = Map.copyOf(macKeys);
    }

    public static KeyRing from(Properties p) {
        String active = required(p, ACTIVE);
        Map<String, SecretKey> pii = new LinkedHashMap<>();
        Map<String, SecretKey> macs = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.equals(ACTIVE)) {
                continue;
            }
            if (name.startsWith(PII)) {
                pii.put(name.substring(PII.length()), key(p.getProperty(name), "AES", name));
            } else {
                macs.put(name, key(p.getProperty(name), "HmacSHA256", name));
            }
        }
        return new KeyRing(active, pii, macs);
    }

    /** A fresh development ring: one PII key {@code k1} and one HMAC key per name given. */
    public static Properties generate(SecureRandom random, String... macKeyNames) {
        Properties p = new Properties();
        p.setProperty(ACTIVE, "k1");
        p.setProperty(PII + "k1", randomKey(random));
        for (String name : macKeyNames) {
            p.setProperty(name, randomKey(random));
        }
        return p;
    }

    public static String randomKey(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The HMAC key stored under {@code name}; a ring without it is a configuration error. */
    public SecretKey macKey(String name) {
        SecretKey key = macKeys.get(name);
        if (key == null) {
            throw new IllegalStateException("Key ring entry " + name + " is missing");
        }
        return key;
    }

    public boolean hasMacKey(String name) {
        return macKeys.containsKey(name);
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

    private static String required(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Key ring entry " + name + " is missing");
        }
        return value.trim();
    }

    private static SecretKey key(String base64, String algorithm, String name) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("Key ring entry " + name + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("Key ring entry " + name + " must be 32 bytes, is " + bytes.length);
        }
        return new SecretKeySpec(bytes, algorithm);
    }
}
