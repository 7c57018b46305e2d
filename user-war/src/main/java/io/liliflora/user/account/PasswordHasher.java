package io.liliflora.user.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Argon2id (m = 19 MiB, t = 2, p = 1, OWASP's baseline). The PHC string keeps the parameters
 * with each hash, so they can be raised later and old hashes still verify under their own.
 */
@ApplicationScoped
public class PasswordHasher {

    static final Argon2Function CURRENT = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    /** Verified against when the account does not exist, so both answers cost the same. */
    private final String dummy = hash("not-a-password-of-anyone-1!");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(CURRENT).getResult();
    }

    public boolean matches(String password, String stored) {
        if (stored == null || !stored.startsWith("$argon2")) {
            Password.check(password, dummy).with(Argon2Function.getInstanceFromHash(dummy));
            return false;
        }
        return Password.check(password, stored).with(Argon2Function.getInstanceFromHash(stored));
    }

    /** Burns the same time as a real check; for unknown accounts. */
    public void matchNobody(String password) {
        matches(password, null);
    }
}
