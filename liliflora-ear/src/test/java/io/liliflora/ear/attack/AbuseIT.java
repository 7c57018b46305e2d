package io.liliflora.ear.attack;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.ear.AssembledShop;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile volume from one client or one account: guessing passwords and codes, hammering the
 * buy path, and racing a drop's per-user limit with parallel orders. Each limit answers 429 +
 * Retry-After as problem+json, and the drop hands one account no more than its limit.
 */
class AbuseIT extends AssembledShop {

    /** The buy limit's defaults (server.xml): 20 attempts per 10 s per account. */
    private static final int BUY_ATTEMPTS = 20;
    private static final Duration BUY_WINDOW = Duration.ofSeconds(10);

    @AfterAll
    static void forgetFailures() {
        Shop.forgetLoginFailures();
    }

    private static long retryAfter(Http.Reply refused, long atMostSeconds) {
        assertProblem(refused, 429, "too-many-requests");
        long seconds = Long.parseLong(refused.header("Retry-After"));
        assertTrue(seconds >= 1 && seconds <= atMostSeconds, () -> "Retry-After " + seconds);
        return seconds;
    }

    /** {@code count} calls released at once from as many threads. */
    private static List<Http.Reply> atOnce(int count, Supplier<Http.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<Http.Reply> task = () -> {
                    go.await();
                    return call.get();
                };
                replies.add(pool.submit(task));
            }
            go.countDown();
            List<Http.Reply> all = new ArrayList<>();
            for (Future<Http.Reply> reply : replies) {
                all.add(reply.get(2, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String statuses(List<Http.Reply> replies) {
        return replies.stream().map(r -> Integer.toString(r.status())).collect(java.util.stream.Collectors.joining(","));
    }

    @Test
    void guessingAPasswordIsCutOffAfterFiveFailuresEvenForTheRightOne() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        for (int i = 0; i < 5; i++) {
            assertProblem(shop.anonymous.post("/user/login", json("email", shopper.email(), "password", "Guess-" + i + "-x")),
                    401, "unauthorized");
        }
        retryAfter(shop.anonymous.post("/user/login", json("email", shopper.email(), "password", shopper.password())), 900);
        // The tokens already issued stay good: the limit is on guessing, not on the account.
        assertEquals(200, shopper.http().get("/user/me").status());
    }

    @Test
    void verificationCodesCannotBeRequestedInBurstsNorGuessed() {
        String email = "abuse-" + UUID.randomUUID().toString().substring(0, 8) + "@liliflora.test";
        assertEquals(202, shop.anonymous.post("/user/email-verifications", json("email", email)).status());
        retryAfter(shop.anonymous.post("/user/email-verifications", json("email", email)), 60);
        // Case and spaces do not make it another address.
        retryAfter(shop.anonymous.post("/user/email-verifications", json("email", "  " + email.toUpperCase() + " ")), 60);
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(shop.anonymous.post("/user/email-verifications/confirm",
                    json("email", email, "code", String.format("%06d", 999_990 + i))).status());
        }
        assertEquals(List.of(400, 400, 400, 400, 429), answers);
        retryAfter(shop.anonymous.post("/user/email-verifications/confirm", json("email", email, "code", "123456")), 60);
    }

    @Test
    void hammeringTheBuyPathFromOneAccountIs429WithRetryAfterAndNobodyElseIsSlowed() throws Exception {
        Shop.Shopper hammer = shop.newShopper();
        long product = shop.product("Hammered tulip", 800, 100);
        long started = System.nanoTime();
        // One after another, as a script does: parallel bursts are the drop test's business.
        List<Http.Reply> replies = new ArrayList<>();
        for (int i = 0; i < BUY_ATTEMPTS + 10; i++) {
            replies.add(hammer.http().post("/order/orders", Shop.items(product, 1)));
        }
        Duration burst = Duration.ofNanos(System.nanoTime() - started);
        List<Http.Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
        assertTrue(refused.size() >= 10 || burst.compareTo(BUY_WINDOW) >= 0, () -> refused.size() + " refused in " + burst + ": " + statuses(replies));
        long placed = replies.stream().filter(r -> r.status() == 201).count();
        if (burst.compareTo(BUY_WINDOW) < 0) {
            assertEquals(BUY_ATTEMPTS, replies.size() - refused.size(), () -> "allowed in one window: " + statuses(replies));
            assertTrue(replies.subList(0, BUY_ATTEMPTS).stream().noneMatch(r -> r.status() == 429), () -> statuses(replies));
        }
        replies.stream().filter(r -> r.status() != 429)
                .forEach(r -> assertTrue(r.status() == 201 || r.status() == 503, r::toString));
        long wait = 0;
        for (Http.Reply r : refused) {
            wait = Math.max(wait, retryAfter(r, BUY_WINDOW.toSeconds()));
        }
        // The refused attempts held nothing.
        assertEquals(placed, TestDatabase.rows("order", "SELECT 1 FROM orders WHERE user_id = ?", hammer.id()).size());
        Shop.Ledger ledger = shop.ledger(product);
        assertTrue(ledger.conserved() && ledger.reserved() + ledger.sold() <= placed, ledger::toString);

        // The wishlist checkout is the same buy path, on the same budget.
        assertEquals(200, hammer.http().put("/order/wishlist/items/" + product, json("quantity", 1)).status());
        Http.Reply checkout = hammer.http().post("/order/wishlist/checkout", null);
        if (burst.compareTo(BUY_WINDOW) < 0 && checkout.status() == 429) {
            retryAfter(checkout, BUY_WINDOW.toSeconds());
        }
        // Another shopper buys as usual meanwhile.
        Shop.Shopper neighbour = shop.newShopper();
        Http.Reply theirs = neighbour.http().post("/order/orders", Shop.items(product, 1));
        assertTrue(theirs.status() == 201 || theirs.status() == 503, theirs::toString); // 503: a busy machine
        // Once Retry-After has passed, the hammering account may buy again.
        await().atMost(Duration.ofSeconds(wait + 5)).pollInterval(Duration.ofMillis(500))
                .until(() -> hammer.http().post("/order/orders", Shop.items(product, 1)).status() != 429);
    }

    @Test
    void parallelOrdersFromOneAccountHoldNoMoreThanThePerUserLimitOfADrop() throws Exception {
        long drop = shop.drop("Raced drop", 5_000, 50, 2);
        Shop.Shopper racer = shop.newShopper();
        List<Http.Reply> race = atOnce(BUY_ATTEMPTS, () -> racer.http().post("/order/orders", Shop.items(drop, 1)));
        final long held = race.stream().filter(r -> r.status() == 201).count();
        assertTrue(held <= 2, () -> "held " + held + ": " + statuses(race));
        for (Http.Reply r : race) {
            if (r.status() == 422) {
                assertProblem(r, 422, "purchase-limit");
            } else if (r.status() != 201) {
                // a busy server may shed some of the race (503); none of it may fail otherwise
                assertProblem(r, r.status(), r.status() == 429 ? "too-many-requests" : "service-unavailable");
            }
        }
        // Every 201 is a stored order, and the catalog's quota agrees: never more than the limit.
        assertEquals(held, TestDatabase.rows("order", "SELECT 1 FROM orders WHERE user_id = ?", racer.id()).size());
        List<Map<String, Object>> quota = TestDatabase.rows("catalog",
                "SELECT quantity FROM buyer_quota WHERE product_id = ? AND user_id = ?", drop, racer.id());
        assertTrue(quota.isEmpty() || ((Number) quota.get(0).get("quantity")).intValue() <= 2, quota::toString);
        // With nothing shed, the race must have reached the limit exactly. (On a machine too busy
        // to answer all of them, a shed attempt's reservation is released shortly after its 503,
        // and until then counts against the limit: fewer than 2 is then no oversell.)
        if (race.stream().noneMatch(r -> r.status() == 503)) {
            assertEquals(2, held, () -> statuses(race));
        }
        Shop.Ledger ledger = shop.ledger(drop);
        assertTrue(ledger.conserved() && ledger.total() == 50 && ledger.reserved() + ledger.sold() <= 2, ledger::toString);
        // A second account is not held back by the first one's limit.
        Http.Reply other = shop.newShopper().http().post("/order/orders", Shop.items(drop, 2));
        assertTrue(other.status() == 201 || other.status() == 503, other::toString);
    }
}
