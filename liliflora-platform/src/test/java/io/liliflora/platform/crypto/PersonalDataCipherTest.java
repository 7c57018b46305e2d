package io.liliflora.platform.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PersonalDataCipherTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void roundTripsWithAFreshNonceEachTime() {
        PersonalDataCipher cipher = new PersonalDataCipher(KeyRing.from(KeyRing.generate(random)), random);
        byte[] a = cipher.encrypt("name", "Kim Minji");
        byte[] b = cipher.encrypt("name", "Kim Minji");
        assertFalse(Arrays.equals(a, b), "same plaintext, different ciphertext");
        assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("Kim"));
        assertEquals(12 + "Kim Minji".length() + 16, a.length, "nonce + ciphertext + tag");
        assertEquals("Kim Minji", cipher.decrypt("k1", "name", a));
    }

    @Test
    void rowsUnderAnOlderKeyStillDecryptAfterANewKeyBecomesActive() {
        Properties first = KeyRing.generate(random);
        PersonalDataCipher before = new PersonalDataCipher(KeyRing.from(first), random);
        byte[] old = before.encrypt("address", "Seoul, Gangnam-gu 1");

        Properties rotated = (Properties) first.clone();
        rotated.setProperty("pii.k2", KeyRing.randomKey(random));
        rotated.setProperty("pii.active", "k2");
        PersonalDataCipher after = new PersonalDataCipher(KeyRing.from(rotated), random);

        assertEquals("k2", after.activeKeyId());
        assertEquals("Seoul, Gangnam-gu 1", after.decrypt("k1", "address", old));
        byte[] fresh = after.encrypt("address", "Busan 2");
        assertEquals("Busan 2", after.decrypt("k2", "address", fresh));
        assertThrows(IllegalStateException.class, () -> after.decrypt("k1", "address", fresh), "wrong key id");
    }

    @Test
    void tamperingOrMovingACiphertextToAnotherColumnFails() {
        PersonalDataCipher cipher = new PersonalDataCipher(KeyRing.from(KeyRing.generate(random)), random);
        byte[] phone = cipher.encrypt("phone", "010-1234-5678");
        assertThrows(IllegalStateException.class, () -> cipher.decrypt("k1", "name", phone));
        byte[] flipped = phone.clone();
        flipped[15] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.decrypt("k1", "phone", flipped));
    }

    @Test
    void refusesAnActiveIdWithoutKeyAndShortKeys() {
        Properties p = KeyRing.generate(random);
        p.setProperty("pii.active", "k9");
        assertThrows(IllegalStateException.class, () -> KeyRing.from(p));
        Properties shortKey = KeyRing.generate(random);
        shortKey.setProperty("pii.k1", "AAAA");
        assertThrows(IllegalStateException.class, () -> KeyRing.from(shortKey));
        Properties shortMacKey = KeyRing.generate(random, "blind-index");
        shortMacKey.setProperty("blind-index", "AAAA");
        assertThrows(IllegalStateException.class, () -> KeyRing.from(shortMacKey));
    }

    @Test
    void namedHmacKeysAreThereOnlyWhenTheRingHasThem() {
        KeyRing ring = KeyRing.from(KeyRing.generate(random, "blind-index"));
        assertEquals("HmacSHA256", ring.macKey("blind-index").getAlgorithm());
        assertThrows(IllegalStateException.class, () -> ring.macKey("code-mac"));
    }
}
