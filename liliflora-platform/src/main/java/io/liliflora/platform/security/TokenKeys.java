package io.liliflora.platform.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The token key pair. Production configures both PEM locations (a mounted secret); with
 * {@code liliflora.jwt.dev-keys=true} (the default) and neither file present, a fresh RSA pair
 * is generated at first start, so no key ever lives in the source tree.
 */
@ApplicationScoped
public class TokenKeys {

    private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    String publicKeyLocation;

    @Inject
    @ConfigProperty(name = "liliflora.jwt.private-key.location")
    String privateKeyLocation;

    @Inject
    @ConfigProperty(name = "liliflora.jwt.dev-keys", defaultValue = "true")
    boolean devKeys;

    void onStart(@Observes @Priority(0) @Initialized(ApplicationScoped.class) Object ignored) {
        Path pub = path(publicKeyLocation);
        Path priv = path(privateKeyLocation);
        if (Files.exists(pub) && Files.exists(priv)) {
            return;
        }
        // Every WAR verifies; only the WARs that sign read the private key, when they sign. A
        // deployment mounts the private key into those alone (docker/k8s), so the rest start without it.
        if (!devKeys && Files.exists(pub)) {
            return;
        }
        if (!devKeys) {
            throw new IllegalStateException("Token keys missing at " + pub + " / " + priv
                    + " and liliflora.jwt.dev-keys=false");
        }
        try {
            boolean created = DevKeyFiles.ensure(pub.resolveSibling(".jwt.lock"), () -> {
                KeyPair pair = generate();
                return Map.of(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                        priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            });
            if (created) {
                LOG.warning("Generated a development token key pair in " + pub.getParent()
                        + "; configure production keys with mp.jwt.verify.publickey.location and"
                        + " liliflora.jwt.private-key.location");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The signing key; only user-war asks for it. */
    public RSAPrivateKey privateKey() {
        try {
            String pem = Files.readString(path(privateKeyLocation));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the token signing key", e);
        }
    }

    static Path path(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
