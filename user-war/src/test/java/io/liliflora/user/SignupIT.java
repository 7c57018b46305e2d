package io.liliflora.user;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.ServerLog;
import io.liliflora.testkit.TestRedis;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/** Email verification over real SMTP, then signup: every row and error of the SPEC's first three calls. */
@ExtendWith(ArquillianExtension.class)
class SignupIT {

    private static final java.nio.file.Path SERVER_DIR = ServerLog.testServerDir("user-war-it");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/user.war"));
    }

    private static Inbox inbox;
    private static UnifiedJedis redis;
    private final Http http = Http.testServer();

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

    private Shoppers shoppers() {
        return new Shoppers(http, inbox);
    }

    @Test
    void theCodeArrivesByMailOnlyAndConfirmsTheEmail() {
        String email = Shoppers.newEmail();
        Http.Reply asked = http.post("/user/email-verifications", json("email", "  " + email.toUpperCase() + " "));
        assertEquals(202, asked.status(), asked::toString);
        String code = inbox.code(email);
        assertTrue(code.matches("\\d{6}"));
        assertFalse(asked.body().contains(code), "the code is never in the response");

        // Only a keyed hash of the code is in Redis, never the code, with the 10-minute TTL.
        String key = "lili:user:verification:{" + DevSecrets.emailIndex(email) + "}";
        String stored = redis.hget(key, "h");
        assertNotNull(stored);
        assertFalse(stored.contains(code));
        assertTrue(redis.pttl(key) > 590_000 && redis.pttl(key) <= 600_000, "TTL " + redis.pttl(key));

        Http.Reply confirmed = http.post("/user/email-verifications/confirm", json("email", email, "code", code));
        assertEquals(200, confirmed.status(), confirmed::toString);
        assertEquals("{\"email\":\"" + email + "\",\"verified\":true}", confirmed.body());
        assertTrue(confirmed.json().getBoolean("verified"));
        long verifiedTtl = redis.pttl("lili:user:verified:{" + DevSecrets.emailIndex(email) + "}");
        assertTrue(verifiedTtl > 1_790_000 && verifiedTtl <= 1_800_000, "verified mark lasts 30 min: " + verifiedTtl);
        // A code is used once.
        assertProblem(http.post("/user/email-verifications/confirm", json("email", email, "code", code)), 410, "code-expired");
    }

    @Test
    void askingAgainWithin60SecondsIs429WithRetryAfter() {
        String email = Shoppers.newEmail();
        assertEquals(202, http.post("/user/email-verifications", json("email", email)).status());
        Http.Reply again = http.post("/user/email-verifications", json("email", email));
        assertProblem(again, 429, "too-many-requests");
        long retryAfter = Long.parseLong(again.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        inbox.code(email);
        assertEquals(1, inbox.to(email).size(), "no second mail");
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        String email = Shoppers.newEmail();
        assertEquals(202, http.post("/user/email-verifications", json("email", email)).status());
        String first = inbox.code(email, 1);
        redis.del("lili:user:verification-cooldown:" + DevSecrets.emailIndex(email)); // the 60 s have passed
        assertEquals(202, http.post("/user/email-verifications", json("email", email)).status());
        String second = inbox.code(email, 2);
        if (!first.equals(second)) {
            assertProblem(http.post("/user/email-verifications/confirm", json("email", email, "code", first)), 400, "wrong-code");
        }
        assertEquals(200, http.post("/user/email-verifications/confirm", json("email", email, "code", second)).status());
    }

    @Test
    void wrongCodesSayHowManyTriesAreLeftAndTheFifthBurnsTheCode() {
        String email = Shoppers.newEmail();
        assertEquals(202, http.post("/user/email-verifications", json("email", email)).status());
        String code = inbox.code(email);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        for (int left = 4; left >= 1; left--) {
            JsonObject problem = assertProblem(http.post("/user/email-verifications/confirm",
                    json("email", email, "code", wrong)), 400, "wrong-code");
            assertTrue(problem.getString("detail").contains(left + " attempt"), problem.toString());
        }
        Http.Reply fifth = http.post("/user/email-verifications/confirm", json("email", email, "code", wrong));
        assertProblem(fifth, 429, "too-many-requests");
        assertNotNull(fifth.header("Retry-After"));
        // Burned: even the right code no longer works.
        assertProblem(http.post("/user/email-verifications/confirm", json("email", email, "code", code)), 429, "too-many-requests");
        assertProblem(http.post("/user/signup", Shoppers.signupBody(email)), 403, "forbidden");
    }

    @Test
    void anExpiredCodeIs410() {
        String email = Shoppers.newEmail();
        assertEquals(202, http.post("/user/email-verifications", json("email", email)).status());
        String code = inbox.code(email);
        redis.pexpire("lili:user:verification:{" + DevSecrets.emailIndex(email) + "}", 1); // its 10 minutes are over
        assertProblem(http.post("/user/email-verifications/confirm", json("email", email, "code", code)), 410, "code-expired");
    }

    @Test
    void aCodeAskedForWhileSmtpIsDownIsRetriedAndArrives() throws Exception {
        String email = Shoppers.newEmail();
        ServerLog log = ServerLog.markAt(SERVER_DIR);
        inbox.close();
        try {
            // The request never waits for SMTP: 202 at once, the mail is queued.
            assertEquals(202, http.post("/user/email-verifications", json("email", email)).status());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> !log.lines(l -> l.contains("Mailer") && l.contains("failed (")).isEmpty());
        } finally {
            inbox = Inbox.start();
        }
        // The first attempt failed (connection refused); a scheduled retry delivers it.
        String code = inbox.code(email);
        assertEquals(200, http.post("/user/email-verifications/confirm", json("email", email, "code", code)).status());
    }

    @Test
    void badEmailsAndCodesAre400() {
        JsonObject problem = assertProblem(http.post("/user/email-verifications", json("email", "not-an-email")), 400, "validation");
        assertEquals("email", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertProblem(http.post("/user/email-verifications", "{}"), 400, "validation");
        assertProblem(http.post("/user/email-verifications", "{not json"), 400, "malformed-body");
        JsonObject both = assertProblem(http.post("/user/email-verifications/confirm", json("email", "x", "code", "12a")), 400, "validation");
        assertEquals(Set.of("email", "code"), fields(both));
    }

    @Test
    void signupWithoutVerificationIs403() {
        assertProblem(http.post("/user/signup", Shoppers.signupBody(Shoppers.newEmail())), 403, "forbidden");
    }

    @Test
    void signupReportsEveryFailingFieldAtOnce() {
        JsonObject problem = assertProblem(http.post("/user/signup", json("email", "nope", "password", "short",
                "name", "   ", "phone", "12ab", "address", "")), 400, "validation");
        assertEquals(Set.of("email", "password", "name", "phone", "address"), fields(problem));
        JsonObject missing = assertProblem(http.post("/user/signup", "{}"), 400, "validation");
        assertEquals(Set.of("email", "password", "name", "phone", "address"), fields(missing));
        for (String weak : List.of("abcdefgh!", "12345678!", "abcd12345", "a1!" + "x".repeat(62))) {
            JsonObject p = assertProblem(http.post("/user/signup", json("email", "a@b.co", "password", weak,
                    "name", "N", "phone", "01012345678", "address", "A")), 400, "validation");
            assertEquals(Set.of("password"), fields(p), weak);
        }
    }

    @Test
    void signupCreatesTheProfileAndIgnoresRoleAndId() {
        String email = Shoppers.newEmail();
        shoppers().verify(email);
        JsonObject body = Json2.with(Shoppers.signupBody("  " + email.toUpperCase()), "role", "ADMIN", "id", 1);
        Http.Reply created = http.post("/user/signup", body);
        assertEquals(201, created.status(), created::toString);
        assertEquals("/user/me", java.net.URI.create(created.header("Location")).getPath(), created.header("Location"));
        JsonObject profile = created.json();
        assertEquals(email, profile.getString("email"));
        assertEquals("Kim Minji", profile.getString("name"));
        assertEquals("+82-10-1234-5678", profile.getString("phone"));
        assertEquals("12 Flower Road, Seoul", profile.getString("address"));
        assertEquals("USER", profile.getString("role"));
        assertNotEquals(1, profile.getJsonNumber("id").longValue());
        assertTrue(profile.getString("createdAt").endsWith("Z"), profile.toString());
        assertFalse(profile.containsKey("password") || profile.toString().contains("argon"));

        assertProblem(http.post("/user/signup", Shoppers.signupBody(email)), 409, "already-registered");
        assertProblem(http.post("/user/email-verifications", json("email", email)), 409, "already-registered");
    }

    @Test
    void twoConcurrentSignupsOfOneEmailGiveOne201AndOne409() throws Exception {
        for (int round = 0; round < 3; round++) {
            String email = Shoppers.newEmail();
            shoppers().verify(email);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            Callable<Integer> signup = () -> {
                go.await();
                return http.post("/user/signup", Shoppers.signupBody(email)).status();
            };
            Future<Integer> a = pool.submit(signup);
            Future<Integer> b = pool.submit(signup);
            go.countDown();
            List<Integer> statuses = List.of(a.get(), b.get()).stream().sorted().toList();
            pool.shutdown();
            assertEquals(List.of(201, 409), statuses, "round " + round);
            assertEquals(1, io.liliflora.testkit.TestDatabase.rows("user",
                    "SELECT COUNT(*) AS n FROM app_user WHERE email_index = UNHEX(?)", DevSecrets.emailIndex(email))
                    .get(0).get("n") instanceof Number n ? n.intValue() : -1);
        }
        // The loser's 409 is a refusal, not a fault: no FFDC incident for it on the server.
        assertEquals(List.of(), ServerLog.fromStart(SERVER_DIR).lines(ServerLog::refusalIncident));
    }

    static Set<String> fields(JsonObject problem) {
        return problem.getJsonArray("errors").stream().map(JsonValue::asJsonObject)
                .map(e -> e.getString("field")).collect(Collectors.toSet());
    }
}
