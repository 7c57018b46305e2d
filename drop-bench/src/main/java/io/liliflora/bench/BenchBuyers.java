package io.liliflora.bench;

import io.liliflora.platform.crypto.KeyRing;
import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.testkit.TestDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.crypto.Mac;

/**
 * The bench-only way to have thousands of real buyers: accounts are written straight into the
 * user schema, sealed with the server's own key ring (so user-war decrypts their shipping details
 * like anyone's), and their access tokens are signed with the dev private key the server
 * generated. Both need what only a development install has on disk (root access to the schema,
 * the dev signing key beside the server), so this path cannot exist in a production deployment;
 * it lives in this module, which the EAR never contains. The accounts cannot log in: their
 * password hash is no Argon2 hash, which user-war refuses like a wrong password.
 */
public final class BenchBuyers {

    /** A seeded buyer: the user id and a USER token for it. */
    public record Buyer(long id, String token) {
    }

    static final String NO_PASSWORD = "!bench-seeded-account-no-password";

    private final Path keysDir;
    private final SecureRandom random = new SecureRandom();

    private final BenchTokens tokens;

    /** {@code keysDir}: the dev key folder of the shop the buyers are for (its key ring and signing key). */
    public BenchBuyers(Path keysDir) {
        this.keysDir = keysDir;
        this.tokens = new BenchTokens(keysDir);
    }

    /** {@code count} new accounts (emails under {@code run}), each with a token valid for {@code ttl}. */
    public List<Buyer> seed(String run, int count, Duration ttl) {
        KeyRing ring = ring();
        PersonalDataCipher cipher = new PersonalDataCipher(ring, random);
        List<Buyer> buyers = new ArrayList<>(count);
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try (Connection c = TestDatabase.connect("user")) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO app_user (email_index, email, name, phone,"
                    + " address, pii_key_id, password_hash, role, created_at, updated_at)"
                    + " VALUES (?,?,?,?,?,?,?,'USER',?,?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < count; i++) {
                    String email = "bench-" + run + "-" + i + "@bench.liliflora.invalid";
                    insert.setBytes(1, blindIndex(ring, email));
                    insert.setBytes(2, cipher.encrypt("email", email));
                    insert.setBytes(3, cipher.encrypt("name", "Bench buyer " + i));
                    insert.setBytes(4, cipher.encrypt("phone", "010-5555-" + String.format("%04d", i % 10000)));
                    insert.setBytes(5, cipher.encrypt("address", i + " Bench-ro, Seoul"));
                    insert.setString(6, cipher.activeKeyId());
                    insert.setString(7, NO_PASSWORD);
                    insert.setTimestamp(8, now);
                    insert.setTimestamp(9, now);
                    insert.addBatch();
                }
                insert.executeBatch();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    while (keys.next()) {
                        long id = keys.getLong(1);
                        buyers.add(new Buyer(id, tokens.sign(String.valueOf(id), List.of("USER"), ttl)));
                    }
                }
            }
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot seed bench buyers: " + e.getMessage(), e);
        }
        if (buyers.size() != count) {
            throw new IllegalStateException("Seeded " + buyers.size() + " buyers, wanted " + count);
        }
        return buyers;
    }

    private KeyRing ring() {
        Path file = keysDir.resolve("user-key-ring.properties");
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file)));
            return KeyRing.from(p);
        } catch (IOException e) {
            throw new IllegalStateException("No key ring at " + file + ": start the server once first", e);
        }
    }

    /** user-war's email lookup column: HMAC-SHA256 under the ring's {@code blind-index} key. */
    private static byte[] blindIndex(KeyRing ring, String email) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(ring.macKey("blind-index"));
            return mac.doFinal(("email:" + email).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
