package io.liliflora.user.account;

import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.problem.RefusableWork;
import io.liliflora.user.crypto.Macs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;

/** Writes accounts: registration (unique by blind index, also under races), profile and password. */
@ApplicationScoped
public class Accounts {

    @PersistenceContext(unitName = "user")
    EntityManager em;

    @Inject
    PersonalDataCipher cipher;

    @Inject
    Macs macs;

    @Inject
    RefusableWork work;

    /**
     * Inserts the account and flushes at once, so a concurrent twin that won the race shows up
     * here as the unique index refusing the row: a 409, never a 500 (thrown after the transaction,
     * see {@link RefusableWork}).
     */
    public Profile register(PersonalDetails details, String passwordHash, Role role) {
        return work.inTransaction(() -> {
            User user = User.register(macs.emailIndex(details.email()), details, passwordHash, role, cipher,
                    Instant.now());
            try {
                em.persist(user);
                em.flush();
            } catch (PersistenceException e) {
                if (isDuplicate(e)) {
                    throw duplicate();
                }
                throw e;
            }
            return Profile.of(user, details);
        }).get();
    }

    public Profile profile(long userId) {
        User user = existing(userId);
        return Profile.of(user, user.open(cipher));
    }

    public Profile changeDetails(long userId, String name, String phone, String address) {
        return work.inTransaction(() -> {
            User user = existing(userId);
            user.changeDetails(name, phone, address, cipher, Instant.now());
            return Profile.of(user, user.open(cipher));
        }).get();
    }

    public void changePasswordHash(long userId, String newHash) {
        work.inTransaction(() -> {
            existing(userId).changePasswordHash(newHash, Instant.now());
            return null;
        }).get();
    }

    private User existing(long userId) {
        User user = em.find(User.class, userId);
        if (user == null) {
            throw ProblemException.unauthorized("This account no longer exists");
        }
        return user;
    }

    static ProblemException duplicate() {
        return ProblemException.conflict("already-registered", "This email is already registered");
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && "23000".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
