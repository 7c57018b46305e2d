package io.liliflora.order;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.order.drill.TimerDrill;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestTokens;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Automatic steps by second buckets, on a real Liberty with MariaDB: the order WAR as built plus
 * the test-only {@link TimerDrill}, which stores orders the way batched placement does.
 */
@ExtendWith(ArquillianExtension.class)
class StepBucketsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/order.war"))
                .addPackage(TimerDrill.class.getPackage());
    }

    private final Http http = Http.testServer();

    static String newUser() {
        return "81" + (100_000_000L + ThreadLocalRandom.current().nextLong(899_999_999L));
    }

    /** The start of a second at least {@code ahead} from now, plus {@code offsetMillis}. */
    static Instant secondAhead(Duration ahead, long offsetMillis) {
        return Instant.ofEpochSecond(Instant.now().plus(ahead).getEpochSecond() + 1).plusMillis(offsetMillis);
    }

    static List<String> storePending(Http http, String user, int n, int perTransaction, Instant due) {
        Http.Reply reply = http.post("/order/test-drill/pending?user=" + user + "&n=" + n + "&per-tx=" + perTransaction
                + "&due=" + due.toEpochMilli(), null);
        assertEquals(200, reply.status(), reply::toString);
        List<String> ids = Arrays.stream(reply.body().split("\n")).filter(s -> !s.isBlank()).toList();
        assertEquals(n, ids.size());
        return ids;
    }

    static long count(String sql, Object... params) {
        return ((Number) TestDatabase.rows("order", "SELECT COUNT(*) AS n FROM " + sql, params).get(0).get("n")).longValue();
    }

    @Test
    void migrationV4Ran() {
        assertEquals(Boolean.TRUE, TestDatabase.rows("order",
                "SELECT success FROM flyway_schema_history WHERE version = '4'").get(0).get("success"));
    }

    @Test
    void aThousandOrdersDueInOneSecondExpireExactlyOnceByOneTimer() {
        String user = newUser();
        // Due in the middle of a second far enough ahead for four transactions of 250 orders.
        Instant due = secondAhead(Duration.ofSeconds(20), 400);
        long second = due.getEpochSecond();
        storePending(http, user, 1000, 250, due);
        Instant stored = Instant.now();
        assertTrue(stored.isBefore(due), "the orders took until " + stored + " to store; due " + due);

        // One bucket row and one persistent timer (at the end of the second) for all of them.
        assertEquals(1, count("step_bucket WHERE due_second = ?", second));
        assertEquals(1, count("TIMER_TASK WHERE NEXTEXEC = ?", (second + 1) * 1000));
        assertEquals(1, count("TIMER_TASK WHERE NEXTEXEC BETWEEN ? AND ?", (second - 1) * 1000, (second + 2) * 1000),
                "timers due around the orders' second");
        assertEquals(1000, count("orders WHERE user_id = ? AND status = 'PAYMENT_PENDING' AND next_step_at = ?",
                user, java.sql.Timestamp.from(due)));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("orders WHERE user_id = ? AND status = 'EXPIRED'", user) == 1000);

        assertEquals(1000, count("order_timeline t JOIN orders o ON o.id = t.order_id"
                + " WHERE o.user_id = ? AND t.status = 'EXPIRED'", user), "EXPIRED timeline entries");
        assertEquals(0, count("order_timeline t JOIN orders o ON o.id = t.order_id"
                + " WHERE o.user_id = ? AND t.status = 'EXPIRED' AND t.at < o.payment_deadline", user),
                "an order expired before its deadline");
        assertEquals(1000, count("stock_outbox c JOIN orders o ON o.id = c.order_id"
                + " WHERE o.user_id = ? AND c.action = 'RELEASE'", user), "RELEASE rows");
        assertEquals(1000, count("(SELECT DISTINCT c.order_id FROM stock_outbox c JOIN orders o ON o.id = c.order_id"
                + " WHERE o.user_id = ? AND c.action = 'RELEASE') d", user), "orders with a RELEASE row");
        assertEquals(0, count("orders WHERE user_id = ? AND next_step_at IS NOT NULL", user));
        assertEquals(0, count("step_bucket WHERE due_second = ?", second));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("TIMER_TASK WHERE NEXTEXEC = ?", (second + 1) * 1000) == 0);
    }

    @Test
    void aCancelRacingTheExpiryEndsWithExactlyOneOfThem() throws Exception {
        String user = newUser();
        Instant due = secondAhead(Duration.ofSeconds(8), 900);
        Instant end = Instant.ofEpochSecond(due.getEpochSecond() + 1);
        List<String> ids = storePending(http, user, 60, 60, due);
        Http me = http.withToken(TestTokens.user(user));
        // Cancels from 3 s before the bucket's timer is due to 3 s after it, 100 ms apart:
        // the first ones win, the last ones find the order expired, and the ones in the middle
        // meet the firing transaction.
        ScheduledExecutorService starter = Executors.newScheduledThreadPool(8);
        Map<String, CompletableFuture<Http.Reply>> replies = new HashMap<>();
        try {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                long delay = Duration.between(Instant.now(), end.minusMillis(3000).plusMillis(100L * i)).toMillis();
                CompletableFuture<Http.Reply> reply = new CompletableFuture<>();
                starter.schedule(() -> {
                    try {
                        reply.complete(me.post("/order/orders/" + id + "/cancel", null));
                    } catch (RuntimeException e) {
                        reply.completeExceptionally(e);
                    }
                }, Math.max(0, delay), TimeUnit.MILLISECONDS);
                replies.put(id, reply);
            }
            CompletableFuture.allOf(replies.values().toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        } finally {
            starter.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("orders WHERE user_id = ? AND status = 'PAYMENT_PENDING'", user) == 0);

        List<String> outcomes = new ArrayList<>();
        for (String id : ids) {
            Http.Reply reply = replies.get(id).get();
            String status = (String) TestDatabase.rows("order", "SELECT status FROM orders WHERE id = ?", id).get(0).get("status");
            outcomes.add(status.substring(0, 1));
            if (status.equals("CANCELLED")) {
                assertEquals(200, reply.status(), reply::toString);
            } else {
                assertEquals("EXPIRED", status);
                assertEquals(409, reply.status(), reply::toString);
                assertEquals("not-cancellable", reply.problemKind());
            }
            assertEquals(1, count("order_timeline WHERE order_id = ? AND status IN ('CANCELLED', 'EXPIRED')", id),
                    "terminal steps of " + id);
            assertEquals(1, count("stock_outbox WHERE order_id = ? AND action = 'RELEASE'", id), "RELEASE rows of " + id);
        }
        String sequence = String.join("", outcomes);
        System.out.println("[StepBucketsIT] cancel vs expiry, in send order (C cancelled, E expired): " + sequence);
        assertTrue(sequence.contains("C") && sequence.contains("E"), "no race took place: " + sequence);
    }

    @Test
    void aTimerOfThePreviousBuildStillMovesItsOrderOnceThenBucketsTakeOver() {
        String user = newUser();
        String id = storePending(http, user, 1, 1, Instant.now().plusSeconds(60)).get(0);
        assertEquals(200, http.post("/order/test-drill/pay?user=" + user + "&id=" + id, null).status());
        // As V4 leaves an order that was PAID before it: no step time; its old timer moves it.
        assertEquals(1, TestDatabase.update("order",
                "UPDATE orders SET next_step_at = NULL WHERE id = ? AND status = 'PAID'", id));
        String legacy = URLEncoder.encode(new StepDue(id, OrderStatus.PAID, OrderStatus.SHIPPING).encode(), StandardCharsets.UTF_8);
        Http.Reply fired = http.post("/order/test-drill/fire?info=" + legacy, null);
        assertEquals(200, fired.status(), fired::toString);
        assertEquals("SHIPPING", TestDatabase.rows("order", "SELECT status FROM orders WHERE id = ?", id).get(0).get("status"));
        // Fired again (a late or repeated timer): nothing more happens.
        http.post("/order/test-drill/fire?info=" + legacy, null);
        // From SHIPPING on, the order is on buckets: delivered after deliver-after (PT3S here).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "DELIVERED".equals(TestDatabase.rows("order", "SELECT status FROM orders WHERE id = ?", id)
                        .get(0).get("status")));
        List<Object> steps = TestDatabase.rows("order", "SELECT status FROM order_timeline WHERE order_id = ? ORDER BY seq", id)
                .stream().map(r -> r.get("status")).toList();
        assertEquals(List.of("PAYMENT_PENDING", "PAID", "SHIPPING", "DELIVERED"), steps);
        assertEquals(0, count("orders WHERE id = ? AND next_step_at IS NOT NULL", id));
    }

    @Test
    void anOrderWhoseStepCannotBeWrittenHoldsUpNoOtherAndMovesOnceItCan() {
        String user = newUser();
        Instant due = secondAhead(Duration.ofSeconds(6), 500);
        List<String> ids = storePending(http, user, 20, 20, due);
        String poisoned = ids.get(7);
        String trigger = "poison_" + user;
        // Every update of that one order fails, as a step whose write keeps failing would.
        TestDatabase.update("order", "CREATE TRIGGER " + trigger + " BEFORE UPDATE ON orders FOR EACH ROW"
                + " BEGIN IF NEW.id = '" + poisoned + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'poisoned';"
                + " END IF; END");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("orders WHERE user_id = ? AND status = 'EXPIRED'", user) == 19);
            assertEquals(1, count("orders WHERE id = ? AND status = 'PAYMENT_PENDING' AND next_step_at IS NOT NULL", poisoned));
        } finally {
            TestDatabase.update("order", "DROP TRIGGER IF EXISTS " + trigger);
        }
        // The next bucket to fire (here: of one more order, due shortly) moves the overdue order too.
        storePending(http, user, 1, 1, secondAhead(Duration.ofSeconds(2), 0));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("orders WHERE user_id = ? AND status = 'EXPIRED'", user) == 21);
        assertEquals(21, count("order_timeline t JOIN orders o ON o.id = t.order_id"
                + " WHERE o.user_id = ? AND t.status = 'EXPIRED'", user));
        assertEquals(21, count("stock_outbox c JOIN orders o ON o.id = c.order_id"
                + " WHERE o.user_id = ? AND c.action = 'RELEASE'", user));
    }
}
