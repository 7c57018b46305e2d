package io.liliflora.user;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestRedis;
import jakarta.json.JsonObject;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/** Login, tokens, refresh rotation and reuse, logout, profile and password change. */
@ExtendWith(ArquillianExtension.class)
class SessionIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/user.war"));
    }

    private static Inbox inbox;
    private static UnifiedJedis redis;
    private final Http http = Http.testServer();
    private Shoppers shoppers;

    @BeforeAll
    static void start() {
        inbox = Inbox.start();
        redis = TestRedis.connect();
    }

    @AfterAll
    static void stop() {
        inbox.close();
        redis.close();
    }

    @BeforeEach
    void forgetFailedLogins() {
        // Every test logs in from 127.0.0.1: start each with a clean per-client count.
        for (String key : redis.keys("lili:user:login-failures:*")) {
            redis.del(key);
        }
        shoppers = new Shoppers(http, inbox);
    }

    @Test
    void loginAnswersAnRs256TokenPairOfFifteenMinutes() throws Exception {
        String email = Shoppers.newEmail();
        JsonObject profile = shoppers.signedUp(email);
        JsonObject pair = shoppers.login("  " + email.toUpperCase(), Shoppers.PASSWORD);
        assertEquals("Bearer", pair.getString("tokenType"));
        assertEquals(900, pair.getInt("expiresIn"));
        assertTrue(pair.getString("refreshToken").length() >= 43);
        SignedJWT jwt = SignedJWT.parse(pair.getString("accessToken"));
        assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
        var claims = jwt.getJWTClaimsSet();
        assertEquals("liliflora", claims.getIssuer());
        assertEquals(String.valueOf(profile.getJsonNumber("id").longValue()), claims.getSubject());
        assertEquals(List.of("USER"), claims.getStringListClaim("groups"));
        assertNotNull(claims.getJWTID());
        assertEquals(900_000, claims.getExpirationTime().getTime() - claims.getIssueTime().getTime());

        Http.Reply me = http.withToken(pair.getString("accessToken")).get("/user/me");
        assertEquals(200, me.status(), me::toString);
        assertEquals(profile, me.json());
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSame401() {
        String email = Shoppers.newEmail();
        shoppers.signedUp(email);
        Http.Reply wrong = http.post("/user/login", json("email", email, "password", "Wrong-pass-1"));
        Http.Reply unknown = http.post("/user/login", json("email", Shoppers.newEmail(), "password", "Wrong-pass-1"));
        assertProblem(wrong, 401, "unauthorized");
        assertProblem(unknown, 401, "unauthorized");
        assertEquals(wrong.body(), unknown.body());
        assertProblem(http.post("/user/login", json("email", email)), 400, "validation");
    }

    @Test
    void repeatedFailuresPerAccountAre429WithRetryAfterEvenForTheRightPassword() {
        String email = Shoppers.newEmail();
        shoppers.signedUp(email);
        for (int i = 0; i < 5; i++) {
            assertProblem(http.post("/user/login", json("email", email, "password", "Wrong-pass-1")), 401, "unauthorized");
        }
        Http.Reply blocked = http.post("/user/login", json("email", email, "password", Shoppers.PASSWORD));
        assertProblem(blocked, 429, "too-many-requests");
        long retryAfter = Long.parseLong(blocked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
        // Another account from the same client is not blocked by this one.
        shoppers.loggedIn();
    }

    @Test
    void repeatedFailuresFromOneClientAre429AcrossAccounts() {
        for (int i = 0; i < 20; i++) {
            assertProblem(http.post("/user/login", json("email", Shoppers.newEmail(), "password", "Wrong-pass-1")),
                    401, "unauthorized");
        }
        Http.Reply blocked = http.post("/user/login", json("email", Shoppers.newEmail(), "password", "Wrong-pass-1"));
        assertProblem(blocked, 429, "too-many-requests");
        assertNotNull(blocked.header("Retry-After"));
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenStopsWorking() {
        JsonObject first = shoppers.loggedIn();
        Http.Reply rotated = http.post("/user/token", json("refreshToken", first.getString("refreshToken")));
        assertEquals(200, rotated.status(), rotated::toString);
        JsonObject second = rotated.json();
        assertEquals("Bearer", second.getString("tokenType"));
        assertNotEquals(first.getString("refreshToken"), second.getString("refreshToken"));
        assertNotEquals(first.getString("accessToken"), second.getString("accessToken"));
        assertEquals(200, http.withToken(second.getString("accessToken")).get("/user/me").status());
        Http.Reply third = http.post("/user/token", json("refreshToken", second.getString("refreshToken")));
        assertEquals(200, third.status(), third::toString);
        assertProblem(http.post("/user/token", json("refreshToken", "made-up-token")), 401, "unauthorized");
        assertProblem(http.post("/user/token", "{}"), 400, "validation");
    }

    @Test
    void reusingASpentRefreshTokenRevokesThatLoginsTokens() {
        String email = Shoppers.newEmail();
        shoppers.signedUp(email);
        JsonObject otherLogin = shoppers.login(email, Shoppers.PASSWORD);
        JsonObject first = shoppers.login(email, Shoppers.PASSWORD);
        JsonObject second = http.post("/user/token", json("refreshToken", first.getString("refreshToken"))).json();

        // The stolen copy of the first refresh token shows up again.
        assertProblem(http.post("/user/token", json("refreshToken", first.getString("refreshToken"))), 401, "unauthorized");

        // That login is over: its newest refresh token and every access token of it are refused.
        assertProblem(http.post("/user/token", json("refreshToken", second.getString("refreshToken"))), 401, "unauthorized");
        assertProblem(http.withToken(second.getString("accessToken")).get("/user/me"), 401, "unauthorized");
        assertProblem(http.withToken(first.getString("accessToken")).get("/user/me"), 401, "unauthorized");
        // Another login of the same user goes on.
        assertEquals(200, http.withToken(otherLogin.getString("accessToken")).get("/user/me").status());
        assertEquals(200, http.post("/user/token", json("refreshToken", otherLogin.getString("refreshToken"))).status());
    }

    @Test
    void logoutRefusesThatAccessTokenAndItsRefreshToken() {
        JsonObject pair = shoppers.loggedIn();
        Http authed = http.withToken(pair.getString("accessToken"));
        Http.Reply out = authed.post("/user/logout", null);
        assertEquals(204, out.status(), out::toString);
        assertProblem(authed.get("/user/me"), 401, "unauthorized");
        assertProblem(authed.post("/user/logout", null), 401, "unauthorized");
        assertProblem(http.post("/user/token", json("refreshToken", pair.getString("refreshToken"))), 401, "unauthorized");
        // Only until it would have expired anyway.
        String jti = jti(pair.getString("accessToken"));
        long ttl = redis.pttl("lili:shared:revoked:{user:" + subject(pair.getString("accessToken")) + "}:" + jti);
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(15).toMillis(), "TTL " + ttl);
        TokenAttackIT.assertRefused(http.post("/user/logout", null));
    }

    @Test
    void profileReadsAndChangesWithValidation() {
        JsonObject pair = shoppers.loggedIn();
        Http authed = http.withToken(pair.getString("accessToken"));
        Http.Reply changed = authed.patch("/user/me", json("name", "Lee Jieun", "address", "34 Garden St, Busan"));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("Lee Jieun", changed.json().getString("name"));
        assertEquals("34 Garden St, Busan", changed.json().getString("address"));
        assertEquals("+82-10-1234-5678", changed.json().getString("phone"), "absent fields keep their value");
        assertEquals(changed.json(), authed.get("/user/me").json());

        JsonObject problem = assertProblem(authed.patch("/user/me", json("name", " ", "phone", "abc", "address", "x".repeat(301))),
                400, "validation");
        assertEquals(java.util.Set.of("name", "phone", "address"), SignupIT.fields(problem));
        assertEquals("Lee Jieun", authed.get("/user/me").json().getString("name"), "nothing half-written");
        TokenAttackIT.assertRefused(http.get("/user/me"));
        TokenAttackIT.assertRefused(http.patch("/user/me", json("name", "X")));
    }

    @Test
    void passwordChangeRevokesEveryEarlierToken() {
        String email = Shoppers.newEmail();
        shoppers.signedUp(email);
        JsonObject a = shoppers.login(email, Shoppers.PASSWORD);
        JsonObject b = shoppers.login(email, Shoppers.PASSWORD);
        Http authed = http.withToken(a.getString("accessToken"));

        assertProblem(authed.put("/user/me/password", json("currentPassword", "Wrong-pass-1", "newPassword", "Orchid-77!")),
                401, "wrong-password");
        assertProblem(authed.put("/user/me/password", json("currentPassword", Shoppers.PASSWORD, "newPassword", "weak")),
                400, "validation");
        Http.Reply changed = authed.put("/user/me/password", json("currentPassword", Shoppers.PASSWORD, "newPassword", "Orchid-77!"));
        assertEquals(204, changed.status(), changed::toString);

        for (JsonObject old : List.of(a, b)) {
            assertProblem(http.withToken(old.getString("accessToken")).get("/user/me"), 401, "unauthorized");
            assertProblem(http.post("/user/token", json("refreshToken", old.getString("refreshToken"))), 401, "unauthorized");
        }
        assertProblem(http.post("/user/login", json("email", email, "password", Shoppers.PASSWORD)), 401, "unauthorized");
        // A login right after the change (often the same second) works.
        JsonObject fresh = shoppers.login(email, "Orchid-77!");
        assertEquals(200, http.withToken(fresh.getString("accessToken")).get("/user/me").status());
        assertEquals(200, http.post("/user/token", json("refreshToken", fresh.getString("refreshToken"))).status());
    }

    static String subject(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String jti(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
