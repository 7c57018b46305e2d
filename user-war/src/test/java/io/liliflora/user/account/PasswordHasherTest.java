package io.liliflora.user.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void argon2idWithItsParametersStoredInTheHash() {
        String hash = hasher.hash("s3cret-pass");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertNotEquals(hash, hasher.hash("s3cret-pass"), "salted");
        assertTrue(hasher.matches("s3cret-pass", hash));
        assertFalse(hasher.matches("s3cret-pasS", hash));
        assertFalse(hasher.matches("s3cret-pass", null));
    }

    @Test
    void hashesMadeWithOtherParametersStillVerify() {
        String weaker = com.password4j.Password.hash("old-pass-1!").addRandomSalt(16)
                .with(com.password4j.Argon2Function.getInstance(4096, 1, 1, 32, com.password4j.types.Argon2.ID)).getResult();
        assertTrue(hasher.matches("old-pass-1!", weaker));
    }
}
