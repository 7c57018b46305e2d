package io.liliflora.user.account;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first administrator, created at first start from {@code liliflora.admin.email} and
 * {@code liliflora.admin.password}. Without a configured password a random one is generated and
 * logged exactly once, at creation; later starts leave the account alone.
 */
@ApplicationScoped
public class AdminAccount {

    private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Inject
    @ConfigProperty(name = "liliflora.admin.email", defaultValue = "admin@liliflora.local")
    String email;

    @Inject
    @ConfigProperty(name = "liliflora.admin.password")
    Optional<String> password;

    @Inject
    Users users;

    @Inject
    Accounts accounts;

    @Inject
    PasswordHasher hasher;

    // After the schema migration (priority 1).
    void onStart(@Observes @Priority(10) @Initialized(ApplicationScoped.class) Object ignored) {
        String address = Emails.normalise(email);
        if (users.existsByEmail(address)) {
            return;
        }
        boolean generated = password.filter(p -> !p.isBlank()).isEmpty();
        String secret = generated ? generate() : password.get();
        try {
            accounts.register(new PersonalDetails(address, "Administrator", null, null), hasher.hash(secret), Role.ADMIN);
        } catch (RuntimeException raced) {
            if (users.existsByEmail(address)) {
                return; // another server created it first
            }
            throw raced;
        }
        if (generated) {
            LOG.warning("Created the admin account " + address + " with the generated password " + secret
                    + " (shown once; set liliflora.admin.password to choose it)");
        } else {
            LOG.info("Created the admin account " + address + " with the configured password");
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            p.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        // Satisfies the shop's own password rule (a symbol and a digit).
        return p.append("-7").toString();
    }
}
