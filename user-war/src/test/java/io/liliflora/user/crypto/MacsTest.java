package io.liliflora.user.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liliflora.platform.crypto.KeyRing;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MacsTest {

    private final SecureRandom random = new SecureRandom();

    private KeyRing ring() {
        return KeyRing.from(KeyRing.generate(random, UserKeys.BLIND_INDEX, UserKeys.CODE_MAC));
    }

    @Test
    void blindIndexIsStablePerEmailAndKeyedAndCodeHashesDependOnTheEmail() {
        Macs macs = new Macs(ring());
        assertArrayEquals(macs.emailIndex("a@b.co"), macs.emailIndex("a@b.co"));
        assertEquals(32, macs.emailIndex("a@b.co").length);
        assertNotEquals(macs.emailIndexHex("a@b.co"), new Macs(ring()).emailIndexHex("a@b.co"));
        assertNotEquals(macs.codeHash("a@b.co", "012345"), macs.codeHash("c@b.co", "012345"));
    }

    @Test
    void aRingWithoutTheUserServicesHmacKeysIsRefused() {
        assertThrows(IllegalStateException.class, () -> new Macs(KeyRing.from(KeyRing.generate(random))));
    }
}
