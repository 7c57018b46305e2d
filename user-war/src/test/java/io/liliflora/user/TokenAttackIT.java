package io.liliflora.user;

import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestRedis;
import jakarta.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/**
 * Forged and revoked tokens are 401 (never 500); service-only endpoints refuse shoppers; and what
 * reaches MySQL holds no personal data in the clear.
 */
@ExtendWith(ArquillianExtension.class)
class TokenAttackIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/user.war"));
    }

    private static Inbox inbox;
    private static UnifiedJedis redis;
    private static String email;
    private static long userId;
    private final Http http = Http.testServer();

    @BeforeAll
    static void start() {
        inbox = Inbox.start();
        redis = TestRedis.connect();
        email = Shoppers.newEmail();
        userId = new Shoppers(Http.testServer(), inbox).signedUp(email).getJsonNumber("id").longValue();
    }

    @AfterAll
    static void stop() {
        inbox.close();
        redis.close();
    }

    private JWTClaimsSet.Builder claims() {
        return TestTokens.claims(Long.toString(userId), "USER");
    }

    @Test
    void aTokenSignedWithTheRealKeyWorks() {
        // The control: without it every 401 below could be a broken test.
        assertEquals(200, http.withToken(TestTokens.sign(claims().build())).get("/user/me").status());
    }

    @Test
    void algNoneIs401() {
        assertRefused(new PlainJWT(claims().build()).serialize());
    }

    @Test
    void hs256SignedWithThePublicKeyIs401() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        jwt.sign(new MACSigner(TestTokens.publicKeyPem().getBytes(StandardCharsets.US_ASCII)));
        assertRefused(jwt.serialize());
    }

    @Test
    void wrongIssuerIs401() {
        assertRefused(TestTokens.sign(claims().issuer("evil").build()));
    }

    @Test
    void expiredIs401() {
        Instant past = Instant.now().minusSeconds(3600);
        assertRefused(TestTokens.sign(claims().issueTime(Date.from(past.minusSeconds(900))).expirationTime(Date.from(past)).build()));
    }

    @Test
    void tamperedPayloadIs401() {
        String[] parts = TestTokens.sign(claims().build()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(forged);
        assertRefused("not.a.jwt");
        assertRefused("garbage");
    }

    @Test
    void aRevokedJtiIs401() {
        JWTClaimsSet set = claims().build();
        String token = TestTokens.sign(set);
        assertEquals(200, http.withToken(token).get("/user/me").status());
        redis.psetex("lili:shared:revoked:{user:" + userId + "}:" + set.getJWTID(), 60_000, "1");
        assertRefused(token);
        // Refused by the shared revocation filter, not by the signature check.
        assertTrue(http.withToken(token).get("/user/me").json().getString("detail").contains("revoked"));
    }

    @Test
    void aTokenIssuedBeforeTheUsersValidAfterMarkIs401() {
        JWTClaimsSet set = claims().issueTime(Date.from(Instant.now().minusSeconds(120))).build();
        String token = TestTokens.sign(set);
        long otherUser = userId + 1_000_000;
        redis.setex("lili:shared:tokens-valid-after:{user:" + otherUser + "}", 60, Long.toString(Instant.now().getEpochSecond()));
        assertEquals(200, http.withToken(token).get("/user/me").status(), "another user's mark does not matter");
        redis.setex("lili:shared:tokens-valid-after:{user:" + userId + "}", 60, Long.toString(Instant.now().minusSeconds(60).getEpochSecond()));
        try {
            assertRefused(token);
        } finally {
            redis.del("lili:shared:tokens-valid-after:{user:" + userId + "}");
        }
    }

    @Test
    void shippingDataIsForServicesOnly() {
        Http.Reply asService = http.withToken(TestTokens.sign(TestTokens.claims("service:order", "SERVICE").build()))
                .get("/user/internal/users/" + userId + "/shipping");
        assertEquals(200, asService.status(), asService::toString);
        JsonObject shipping = asService.json();
        assertEquals(userId, shipping.getJsonNumber("id").longValue());
        assertEquals("Kim Minji", shipping.getString("name"));
        assertEquals("+82-10-1234-5678", shipping.getString("phone"));
        assertEquals("12 Flower Road, Seoul", shipping.getString("address"));
        assertFalse(shipping.containsKey("email"));

        assertProblem(http.withToken(TestTokens.sign(TestTokens.claims("service:order", "SERVICE").build()))
                .get("/user/internal/users/999999999/shipping"), 404, "not-found");
        assertProblem(http.withToken(TestTokens.sign(claims().build()))
                .get("/user/internal/users/" + userId + "/shipping"), 403, "forbidden");
        assertRefused(http.get("/user/internal/users/" + userId + "/shipping"));
    }

    /** drop-bench's BenchBuyers.NO_PASSWORD. */
    private static final String BENCH_SEEDED = "!bench-seeded-account-no-password";

    @Test
    void rawRowsHoldNoPersonalDataInTheClearAndOnlyThePasswordHash() {
        List<Map<String, Object>> rows = TestDatabase.rows("user", "SELECT * FROM app_user");
        assertFalse(rows.isEmpty());
        String local = email.substring(0, email.indexOf('@'));
        for (Map<String, Object> row : rows) {
            String everything = dump(row);
            for (String plain : List.of(local, "example.com", "Kim Minji", "Minji", "1234-5678", "Flower Road", "Seoul",
                    Shoppers.PASSWORD, "liliflora.local", "Administrator")) {
                assertFalse(everything.contains(plain), plain + " in the clear in " + row.get("id"));
            }
            String hash = (String) row.get("password_hash");
            // Accounts the drop benchmark's loader seeds (the EAR tests use it) have no password
            // at all: a marker no hash check ever accepts, so nobody can log in to them.
            assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$") || hash.equals(BENCH_SEEDED), hash);
            assertEquals(32, ((byte[]) row.get("email_index")).length);
            assertTrue(((String) row.get("pii_key_id")).matches("[A-Za-z0-9_-]+"));
        }
        Map<String, Object> mine = TestDatabase.rows("user", "SELECT * FROM app_user WHERE id = ?", userId).get(0);
        for (String column : List.of("email", "name", "phone", "address")) {
            byte[] sealed = (byte[]) mine.get(column);
            assertTrue(sealed.length >= 12 + 16 + 1, column + " holds nonce + ciphertext + tag");
        }
        // No refresh token in the clear either: only SHA-256 hex.
        for (Map<String, Object> token : TestDatabase.rows("user", "SELECT token_hash FROM refresh_token")) {
            assertTrue(((String) token.get("token_hash")).matches("[0-9a-f]{64}"));
        }
    }

    @Test
    void theAdminAccountExistsFromFirstStart() {
        List<Map<String, Object>> admins = TestDatabase.rows("user",
                "SELECT role FROM app_user WHERE email_index = UNHEX(?)", DevSecrets.emailIndex("admin@liliflora.local"));
        assertEquals(1, admins.size());
        assertEquals("ADMIN", admins.get(0).get("role"));
    }

    /**
     * Liberty's MP JWT refuses a bad token before any application code with an empty 401 and an
     * RFC 6750 challenge; a revoked token passes that check and gets the filter's problem+json.
     */
    static void assertRefused(Http.Reply reply) {
        assertEquals(401, reply.status(), reply::toString);
        if (reply.body().isEmpty()) {
            assertTrue(String.valueOf(reply.header("WWW-Authenticate")).startsWith("Bearer"), reply::toString);
        } else {
            assertProblem(reply, 401, "unauthorized");
        }
    }

    private void assertRefused(String token) {
        assertRefused(http.withToken(token).get("/user/me"));
    }

    private static String dump(Map<String, Object> row) {
        StringBuilder all = new StringBuilder();
        for (Object value : row.values()) {
            all.append(value instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(value)).append('|');
        }
        return all.toString();
    }
}
