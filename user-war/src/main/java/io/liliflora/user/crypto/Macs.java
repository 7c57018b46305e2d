package io.liliflora.user.crypto;

import io.liliflora.platform.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Keyed hashes: the email blind index (the only way to find a user by email, with its own key,
 * never a deterministic ciphertext) and verification codes (a 6-digit code is guessable from a
 * plain hash, not from an HMAC whose key stays in the server).
 */
public final class Macs {

    private final SecretKey blindIndexKey;
    private final SecretKey codeMacKey;

    public Macs(KeyRing ring) {
        this.blindIndexKey = ring.macKey(UserKeys.BLIND_INDEX);
        this.codeMacKey = ring.macKey(UserKeys.CODE_MAC);
    }

    /** 32 bytes identifying a normalised email; stored in the unique lookup column. */
    public byte[] emailIndex(String normalisedEmail) {
        return hmac(blindIndexKey, "email:" + normalisedEmail);
    }

    /** The same index as hex, for Redis keys (no email in plaintext there either). */
    public String emailIndexHex(String normalisedEmail) {
        return HexFormat.of().formatHex(emailIndex(normalisedEmail));
    }

    public String codeHash(String normalisedEmail, String code) {
        return HexFormat.of().formatHex(hmac(codeMacKey, "code:" + normalisedEmail + ":" + code));
    }

    private static byte[] hmac(SecretKey key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
