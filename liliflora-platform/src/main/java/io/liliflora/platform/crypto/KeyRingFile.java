package io.liliflora.platform.crypto;

import io.liliflora.platform.security.DevKeyFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loads the one key ring every service shares from {@code liliflora.crypto.key-ring.location}.
 * With dev keys allowed (the default), a missing file, or one lacking an HMAC key a service asks
 * for, is completed at start next to the token keys, outside the source tree; services starting
 * together each add their entries under a file lock, so none overwrites another's. Production
 * mounts its own complete file and sets {@code liliflora.crypto.dev-keys=false}.
 */
@ApplicationScoped
public class KeyRingFile {

    private static final Logger LOG = Logger.getLogger(KeyRingFile.class.getName());

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

    @Produces
    @Singleton
    PersonalDataCipher cipher() {
        return new PersonalDataCipher(load(), random);
    }

    /** The ring, holding at least the PII keys and the HMAC keys named. */
    public KeyRing load(String... macKeyNames) {
        // The file keeps its historic name: rings generated before order-war shared it stay valid.
        String where = location.orElse(keysDir + "/user-key-ring.properties");
        Path file = where.startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where);
        List<String> wanted = Arrays.asList(macKeyNames);
        try {
            if (!complete(file, wanted)) {
                if (!devKeys) {
                    throw new IllegalStateException("Key ring at " + file + " is missing or lacks one of " + wanted
                            + " and liliflora.crypto.dev-keys=false");
                }
                if (DevKeyFiles.amend(file.resolveSibling("." + file.getFileName() + ".lock"), file,
                        current -> completed(current, wanted))) {
                    LOG.warning("Generated development keys for personal data in " + file
                            + "; configure production keys with liliflora.crypto.key-ring.location");
                }
            }
            return KeyRing.from(parse(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean complete(Path file, List<String> wanted) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        Properties p = parse(Files.readString(file));
        return p.getProperty("pii.active") != null && wanted.stream().allMatch(p::containsKey);
    }

    /** The ring text with every missing entry added, or null when nothing is missing. */
    private String completed(String current, List<String> wanted) {
        Properties p = current == null ? new Properties() : parse(current);
        boolean changed = false;
        if (p.getProperty("pii.active") == null) {
            if (p.stringPropertyNames().stream().anyMatch(n -> n.startsWith("pii."))) {
                throw new IllegalStateException("Key ring has PII keys but no pii.active; not guessing which is current");
            }
            p.putAll(KeyRing.generate(random));
            changed = true;
        }
        for (String name : wanted) {
            if (!p.containsKey(name)) {
                p.setProperty(name, KeyRing.randomKey(random));
                changed = true;
            }
        }
        if (!changed) {
            return null;
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, "Liliflora personal-data key ring (development). Never commit.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Properties parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
