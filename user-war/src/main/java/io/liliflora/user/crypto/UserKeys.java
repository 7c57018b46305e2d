package io.liliflora.user.crypto;

import io.liliflora.platform.security.DevKeyFiles;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loads the key ring from {@code liliflora.crypto.key-ring.location}. With dev keys allowed (the
 * default) and no file there, a fresh ring is generated at first start next to the token keys,
 * outside the source tree; production mounts its own file and sets
 * {@code liliflora.crypto.dev-keys=false}.
 */
@ApplicationScoped
public class UserKeys {

    private static final Logger LOG = Logger.getLogger(UserKeys.class.getName());

    @Inject
    @ConfigProperty(name = "liliflora.crypto.key-ring.location")
    Optional<String> location;

    @Inject
    @ConfigProperty(name = "liliflora.keys.dir", defaultValue = ".liliflora/keys")
    String keysDir;

    @Inject
    @ConfigProperty(name = "liliflora.crypto.dev-keys", defaultValue = "true")
    boolean devKeys;

    private final SecureRandom random = new SecureRandom();
    private volatile KeyRing ring;

    void onStart(@Observes @Priority(0) @Initialized(ApplicationScoped.class) Object ignored) {
        ring();
    }

    @Produces
    @Singleton
    PersonalDataCipher cipher() {
        return new PersonalDataCipher(ring(), random);
    }

    @Produces
    @Singleton
    Macs macs() {
        return new Macs(ring());
    }

    synchronized KeyRing ring() {
        if (ring == null) {
            String where = location.orElse(keysDir + "/user-key-ring.properties");
            Path file = where.startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where);
            try {
                if (!Files.exists(file)) {
                    if (!devKeys) {
                        throw new IllegalStateException("Key ring missing at " + file + " and liliflora.crypto.dev-keys=false");
                    }
                    if (DevKeyFiles.ensure(file.resolveSibling(".user-key-ring.lock"),
                            () -> Map.of(file, store(KeyRing.generate(random))))) {
                        LOG.warning("Generated a development key ring for personal data in " + file
                                + "; configure production keys with liliflora.crypto.key-ring.location");
                    }
                }
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
                ring = KeyRing.from(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ring;
    }

    private static String store(Properties p) {
        StringWriter out = new StringWriter();
        try {
            p.store(out, "Liliflora user key ring (development). Never commit.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
