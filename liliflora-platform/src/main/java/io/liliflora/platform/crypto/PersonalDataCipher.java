package io.liliflora.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for personal data at rest. A value is {@code nonce(12) || ciphertext || tag(16)}
 * under the key id stored beside it in the row; the column name is the associated data, so a
 * ciphertext moved into another column (say, phone into name) fails to decrypt.
 */
public final class PersonalDataCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing ring;
    private final SecureRandom random;

    public PersonalDataCipher(KeyRing ring, SecureRandom random) {
        this.ring = ring;
        this.random = random;
    }

    /** The key id that {@link #encrypt} uses now; store it with the row. */
    public String activeKeyId() {
        return ring.activeId();
    }

    public byte[] encrypt(String field, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, ring.pii(ring.activeId()), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt " + field, e);
        }
    }

    public String decrypt(String keyId, String field, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, ring.pii(keyId), new GCMParameterSpec(TAG_BITS, value, 0, NONCE_BYTES));
            cipher.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(value, NONCE_BYTES, value.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt " + field + " under key " + keyId, e);
        }
    }
}
