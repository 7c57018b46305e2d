package io.liliflora.ear;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.bench.BenchBuyers;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestRedis;
import io.liliflora.testkit.TestTokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Placements go through order-war in batches (admission, one reserve call, one shipping lookup,
 * one store transaction per batch): many shoppers at once must still each get their own right
 * answer, and losing Redis in the middle of a drop must lose or double no unit.
 */
class BatchedPlacementIT extends AssembledShop {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** One request of the burst: who asks what, with which key, and the answer. */
    private record Attempt(BenchBuyers.Buyer buyer, String body, String key) {
    }

    @Test
    void aBurstOfMixedAttemptsGivesEachItsOwnAnswerAndEveryReplayTheSame() throws Exception {
        long vase = shop.product("Batch vase " + run, 10_000, 5);
        long drop = shop.drop("Batch drop " + run, 50_000, 50, 1);
        long later = created(shop.admin.post("/catalog/products", Http.json("name", "Later drop " + run,
                "description", "Not open yet", "category", "flowers", "price", 9_000L, "saleType", "RESERVATION",
                "opensAt", Instant.now().plusSeconds(3600).toString(), "perUserLimit", 1, "stock", 5)));
        List<BenchBuyers.Buyer> buyers = new BenchBuyers(TestTokens.keysDir()).seed(run, 20, Duration.ofMinutes(10));
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(new Attempt(buyers.get(i), one(vase), "vase-" + i));            // 5 units for 10 buyers
        }
        attempts.add(new Attempt(buyers.get(10), one(drop), "drop-a"));                 // limit 1: one of these two
        attempts.add(new Attempt(buyers.get(10), one(drop), "drop-b"));
        attempts.add(new Attempt(buyers.get(11), one(later), "later"));
        attempts.add(new Attempt(buyers.get(12), one(987_654_321L), "nothing"));
        for (int i = 13; i < 20; i++) {
            attempts.add(new Attempt(buyers.get(i), one(drop), "drop-" + i));
        }

        List<Http.Reply> answers = fireAtOnce(attempts);

        Map<String, Integer> vases = count(answers.subList(0, 10));
        assertEquals(Map.of("201", 5, "409 out-of-stock", 5), vases, answers::toString);
        assertEquals(Map.of("201", 1, "422 purchase-limit", 1), count(answers.subList(10, 12)), answers::toString);
        assertEquals(Map.of("409 sale-not-open", 1), count(answers.subList(12, 13)), answers::toString);
        assertEquals(Map.of("404 not-found", 1), count(answers.subList(13, 14)), answers::toString);
        assertEquals(Map.of("201", 7), count(answers.subList(14, 21)), answers::toString);
        Set<String> orderIds = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() == 201) {
                JsonObject order = answers.get(i).json();
                assertTrue(orderIds.add(order.getString("id")), "one order per answer");
                assertEquals("PAYMENT_PENDING", order.getString("status"));
                assertTrue(order.getJsonObject("shipping").getString("name").startsWith("Bench buyer"), order::toString);
                assertEquals(String.valueOf(attempts.get(i).buyer().id()), String.valueOf(ownerOf(order.getString("id"))));
            }
        }

        // Every key answers again exactly as the first time; nothing more is reserved.
        List<Http.Reply> replays = fireAtOnce(attempts);
        for (int i = 0; i < answers.size(); i++) {
            assertEquals(answers.get(i).status(), replays.get(i).status(), "replay of " + attempts.get(i).key());
            assertEquals(answers.get(i).body(), replays.get(i).body(), "replay of " + attempts.get(i).key());
        }
        assertEquals(new Shop.Ledger(5, 0, 5, 0), shop.ledger(vase));
        assertEquals(new Shop.Ledger(50, 42, 8, 0), shop.ledger(drop));
        assertEquals(new Shop.Ledger(5, 5, 0, 0), shop.ledger(later));
        assertEquals(13L, ordersOf(buyers));
    }

    @Test
    void redisFlushedMidDropLosesAndDoublesNoUnit() throws Exception {
        int units = 30;
        long drop = shop.drop("Flushed drop " + run, 40_000, units, 1);
        List<BenchBuyers.Buyer> buyers = new BenchBuyers(TestTokens.keysDir()).seed(run + "f", 90, Duration.ofMinutes(10));
        String base = "http://localhost:" + System.getProperty("it.http.port");
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean flushed = new AtomicBoolean();
        Map<Long, Http.Reply> last = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(45);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (BenchBuyers.Buyer buyer : buyers) {
            running.add(pool.submit(() -> {
                go.await();
                Http me = Http.at(base).withToken(buyer.token()).withHeader("Idempotency-Key", "flush-" + buyer.id());
                Http.Reply reply = me.post("/order/orders", one(drop));
                // A shopper retries a 503 (Redis gone, stock being rebuilt) with the same key.
                for (int tries = 0; reply.status() == 503 && tries < 40; tries++) {
                    Thread.sleep(250);
                    reply = me.post("/order/orders", one(drop));
                }
                statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                last.put(buyer.id(), reply);
                if (answered.incrementAndGet() == 15 && flushed.compareAndSet(false, true)) {
                    try (UnifiedJedis redis = TestRedis.connect()) {
                        redis.flushDB();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : running) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertTrue(flushed.get());

        long placed = last.values().stream().filter(r -> r.status() == 201).count();
        assertEquals(Set.of(201, 409), statuses.keySet(), () -> "answers " + statuses + " " + last.values().stream()
                .filter(r -> r.status() != 201 && r.status() != 409).findFirst().map(Object::toString).orElse(""));
        assertEquals(units, placed, () -> "answers " + statuses);
        // The ledger holds exactly the units of the orders that exist, and one order per buyer.
        await().atMost(Shop.STEP_WAIT).untilAsserted(() -> assertEquals(new Shop.Ledger(units, 0, units, 0), shop.ledger(drop)));
        assertEquals((long) units, ordersOf(buyers));
        assertEquals((long) units, ((Number) TestDatabase.rows("order", "SELECT COALESCE(SUM(i.quantity), 0) AS n"
                + " FROM orders o JOIN order_item i ON i.order_id = o.id WHERE i.product_id = ? AND o.status = 'PAYMENT_PENDING'",
                drop).get(0).get("n")).longValue());
    }

    private List<Http.Reply> fireAtOnce(List<Attempt> attempts) throws Exception {
        String base = "http://localhost:" + System.getProperty("it.http.port");
        ExecutorService pool = Executors.newFixedThreadPool(attempts.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        for (Attempt a : attempts) {
            replies.add(pool.submit(() -> {
                go.await();
                return Http.at(base).withToken(a.buyer().token()).withHeader("Idempotency-Key", a.key() + "-" + run)
                        .post("/order/orders", a.body());
            }));
        }
        go.countDown();
        List<Http.Reply> answers = new ArrayList<>();
        for (Future<Http.Reply> f : replies) {
            answers.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        return answers;
    }

    private static Map<String, Integer> count(List<Http.Reply> replies) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Http.Reply r : replies) {
            counts.merge(r.status() == 201 ? "201" : r.status() + " " + r.problemKind(), 1, Integer::sum);
        }
        return counts;
    }

    private static String one(long productId) {
        return Shop.items(productId, 1).toString();
    }

    private long created(Http.Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
        long id = reply.json().getJsonNumber("id").longValue();
        shop.products.add(id);
        return id;
    }

    private static Object ownerOf(String orderId) {
        return TestDatabase.rows("order", "SELECT user_id FROM orders WHERE id = ?", orderId).get(0).get("user_id");
    }

    private static long ordersOf(List<BenchBuyers.Buyer> buyers) {
        String ids = String.join(",", buyers.stream().map(b -> "'" + b.id() + "'").toList());
        return ((Number) TestDatabase.rows("order", "SELECT COUNT(*) AS n FROM orders WHERE user_id IN (" + ids + ")")
                .get(0).get("n")).longValue();
    }
}
