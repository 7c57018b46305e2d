package io.liliflora.catalog.stock;

import static io.liliflora.catalog.CatalogApi.assertConserved;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.CatalogApi;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestRedis;
import io.liliflora.testkit.TestTokens;
import jakarta.json.JsonObject;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/** The stock engine through the internal API, on a real Liberty, MariaDB and Redis. */
@ExtendWith(ArquillianExtension.class)
class DropIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/catalog.war"));
    }

    private final CatalogApi api = new CatalogApi();

    /** Order ids are idempotency keys in a schema that outlives a run: each run uses its own. */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8) + "-";


    @Test
    void manyBuyersAtOnceSellExactlyTheStockAndNobodyPassesTheLimit() throws Exception {
        long drop = api.drop("Crowded drop", 60, 2, Instant.now().minusSeconds(1));
        int buyers = 96;
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, AtomicInteger> heldBy = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (int b = 0; b < buyers; b++) {
            String user = "crowd-" + (b % 48); // two sessions per shopper, racing each other
            int buyer = b;
            running.add(pool.submit(() -> {
                go.await();
                for (int attempt = 0; attempt < 3; attempt++) {
                    String order = RUN + "crowd-" + buyer + "-" + attempt;
                    Http.Reply reply = CatalogApi.retried(() -> api.reserve(order, user, drop, 1));
                    answers.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (reply.status() == 200) {
                        heldBy.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
                    } else if (reply.status() == 409) {
                        assertEquals("out-of-stock", reply.problemKind(), reply::toString);
                    } else {
                        assertEquals(422, reply.status(), reply::toString);
                        assertEquals("purchase-limit", reply.problemKind());
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

        int sold = heldBy.values().stream().mapToInt(AtomicInteger::get).sum();
        assertEquals(60, sold, () -> "answers " + answers);
        heldBy.forEach((user, held) -> assertTrue(held.get() <= 2, user + " holds " + held));
        JsonObject ledger = api.ledger(drop);
        assertEquals(60, ledger.getInt("reserved"));
        assertEquals(0, ledger.getInt("available"));
        assertConserved(ledger);
        // The derived tables follow once the burst pauses (the fold), with every reservation in them.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(60L, ((Number) TestDatabase.rows("catalog",
                    "SELECT COUNT(*) AS n FROM reservation r JOIN reservation_item i ON i.order_id = r.order_id"
                            + " WHERE i.product_id = ? AND r.state = 'RESERVED'", drop).get(0).get("n")).longValue());
            assertEquals(60L, ((Number) TestDatabase.rows("catalog",
                    "SELECT COALESCE(SUM(quantity), 0) AS n FROM buyer_quota WHERE product_id = ?", drop).get(0).get("n")).longValue());
        });
        JsonObject shown = api.anyone.get("/catalog/products/" + drop).json();
        assertEquals(0, shown.getInt("available"));
        assertEquals("SOLD_OUT", shown.getString("status"));
    }

    @Test
    void replayingAnyCallWithTheSameOrderIdChangesNothing() {
        long product = api.normal("Replay rose", "test", 1_000, 10);
        Http.Reply first = api.reserve(RUN + "replay-1", 7, product, 3); // a numeric user id is accepted too
        assertEquals(200, first.status(), first::toString);
        assertEquals("RESERVED", first.json().getString("state"));
        assertEquals(1_000, first.json().getJsonArray("items").getJsonObject(0).getInt("unitPrice"));
        Http.Reply again = api.reserve(RUN + "replay-1", 7, product, 3);
        assertEquals(200, again.status());
        assertEquals(first.json().getJsonArray("items"), again.json().getJsonArray("items"));
        assertEquals(3, api.ledger(product).getInt("reserved"));

        for (int i = 0; i < 2; i++) {
            Http.Reply confirm = api.service.post("/catalog/internal/reservations/" + RUN + "replay-1/confirm", "{}");
            assertEquals(200, confirm.status(), confirm::toString);
            assertEquals("SOLD", confirm.json().getString("state"));
        }
        assertEquals(3, api.ledger(product).getInt("sold"));
        assertProblem(api.service.post("/catalog/internal/reservations/" + RUN + "replay-1/release", "{}"), 409, "reservation-sold");
        for (int i = 0; i < 2; i++) {
            Http.Reply restock = api.service.post("/catalog/internal/reservations/" + RUN + "replay-1/restock", "{}");
            assertEquals(200, restock.status(), restock::toString);
            assertEquals("RESTOCKED", restock.json().getString("state"));
        }
        JsonObject ledger = api.ledger(product);
        assertEquals(10, ledger.getInt("available"));
        assertEquals(0, ledger.getInt("sold"));

        assertEquals(200, api.reserve(RUN + "replay-2", "8", product, 4).status());
        for (int i = 0; i < 2; i++) {
            Http.Reply release = api.service.post("/catalog/internal/reservations/" + RUN + "replay-2/release", "{}");
            assertEquals(200, release.status(), release::toString);
            assertEquals("RELEASED", release.json().getString("state"));
        }
        assertProblem(api.service.post("/catalog/internal/reservations/" + RUN + "replay-2/confirm", "{}"), 409, "reservation-released");
        assertProblem(api.reserve(RUN + "replay-2", "8", product, 4), 409, "reservation-released");
        ledger = api.ledger(product);
        assertEquals(10, ledger.getInt("available"));
        assertEquals(0, ledger.getInt("reserved"));
        assertConserved(ledger);

        // A compensating release of an order never reserved is safe, and a late reserve of it is refused.
        assertEquals(200, api.service.post("/catalog/internal/reservations/" + RUN + "never-1/release", "{}").status());
        assertProblem(api.reserve(RUN + "never-1", "9", product, 1), 409, "reservation-released");
        assertProblem(api.service.post("/catalog/internal/reservations/" + RUN + "never-2/confirm", "{}"), 404, "not-found");
        assertEquals(10, api.ledger(product).getInt("available"));
    }

    @Test
    void aReplayGetsItsFirstAnswerAfterSellOutAndAfterRedisForgotTheOrder() {
        long product = api.normal("Last vase", "test", 500, 3);
        Http.Reply first = api.reserve(RUN + "last-1", "u31", product, 3);
        assertEquals(200, first.status(), first::toString);
        // Sold out: a new order is refused (from the hot copy, without the lock), a replay is not.
        assertProblem(api.reserve(RUN + "last-2", "u32", product, 1), 409, "out-of-stock");
        Http.Reply replay = api.reserve(RUN + "last-1", "u31", product, 3);
        assertEquals(200, replay.status(), replay::toString);
        assertEquals(first.json().getJsonArray("items"), replay.json().getJsonArray("items"));
        // Redis lost the product's hot copy and the order's mark: the rebuild puts both back.
        try (UnifiedJedis redis = TestRedis.connect()) {
            assertEquals(2L, redis.del("lili:catalog:{stock}:" + product, "lili:catalog:{stock}:seen:" + RUN + "last-1"));
        }
        Http.Reply rebuilt = CatalogApi.retried(() -> api.reserve(RUN + "last-1", "u31", product, 3));
        assertEquals(200, rebuilt.status(), rebuilt::toString);
        assertEquals(first.json().getJsonArray("items"), rebuilt.json().getJsonArray("items"));
        // The mark gone with units to spare: the replay is applied, the ledger refuses the order id
        // twice, and the call goes again reading the ledger.
        assertEquals(200, api.admin.post("/catalog/products/" + product + "/stock", Http.json("add", 3)).status());
        try (UnifiedJedis redis = TestRedis.connect()) {
            assertEquals(1L, redis.del("lili:catalog:{stock}:seen:" + RUN + "last-1"));
        }
        Http.Reply late = CatalogApi.retried(() -> api.reserve(RUN + "last-1", "u31", product, 3));
        assertEquals(200, late.status(), late::toString);
        assertEquals(first.json().getJsonArray("items"), late.json().getJsonArray("items"));
        assertEquals(3, api.anyone.get("/catalog/products/" + product).json().getInt("available"));
        JsonObject ledger = api.ledger(product);
        assertEquals(3, ledger.getInt("reserved"), ledger::toString);
        assertEquals(3, ledger.getInt("available"), ledger::toString);
        assertConserved(ledger);
        assertEquals(1L, ((Number) TestDatabase.rows("catalog",
                "SELECT COUNT(*) AS n FROM reservation WHERE order_id = ?", RUN + "last-1").get(0).get("n")).longValue());
    }

    @Test
    void editedTermsGovernTheNextReservation() {
        long product = api.normal("Repriced tulip", "test", 1_000, 10);
        Http.Reply before = api.reserve(RUN + "terms-1", "u41", product, 1);
        assertEquals(1_000, before.json().getJsonArray("items").getJsonObject(0).getInt("unitPrice"), before::toString);
        assertEquals(200, api.admin.patch("/catalog/products/" + product, Http.json("price", 1_500)).status());
        Http.Reply after = api.reserve(RUN + "terms-2", "u41", product, 1);
        assertEquals(1_500, after.json().getJsonArray("items").getJsonObject(0).getInt("unitPrice"), after::toString);

        long drop = api.drop("Postponed drop", 5, 1, Instant.now().minusSeconds(5));
        assertEquals(200, api.reserve(RUN + "terms-3", "u42", drop, 1).status());
        Http.Reply postponed = api.admin.patch("/catalog/products/" + drop,
                Http.json("opensAt", Instant.now().plusSeconds(3600).toString()));
        assertEquals(200, postponed.status(), postponed::toString);
        assertProblem(api.reserve(RUN + "terms-4", "u43", drop, 1), 409, "sale-not-open");
        assertEquals(200, api.admin.patch("/catalog/products/" + drop, Http.json("opensAt", Instant.now().minusSeconds(1).toString())).status());
        assertEquals(200, api.reserve(RUN + "terms-5", "u43", drop, 1).status());
        assertEquals(2, api.ledger(drop).getInt("reserved"));
    }

    @Test
    void aDropCannotBeReservedBeforeItOpensAndReservationsAreAllOrNothing() {
        long upcoming = api.drop("Tomorrow's drop", 5, 1, Instant.now().plusSeconds(3600));
        assertProblem(api.reserve(RUN + "early-1", "u1", upcoming, 1), 409, "sale-not-open");
        long a = api.normal("Vase", "test", 100, 5);
        long b = api.normal("Ribbon", "test", 10, 1);
        Http.Reply both = api.service.post("/catalog/internal/reservations", Http.json("orderId", RUN + "multi-1", "userId", "u2",
                "items", jakarta.json.Json.createArrayBuilder()
                        .add(jakarta.json.Json.createObjectBuilder().add("productId", a).add("quantity", 2))
                        .add(jakarta.json.Json.createObjectBuilder().add("productId", b).add("quantity", 2)).build()));
        assertProblem(both, 409, "out-of-stock");
        assertEquals(5, api.ledger(a).getInt("available"), "nothing of the order was kept");
        assertProblem(api.reserve(RUN + "missing-1", "u2", 987_654_321L, 1), 404, "not-found");
        JsonObject invalid = assertProblem(api.service.post("/catalog/internal/reservations",
                Http.json("orderId", "", "items", jakarta.json.Json.createArrayBuilder().build())), 400, "validation");
        assertTrue(invalid.getJsonArray("errors").size() >= 3, invalid::toString);
    }

    @Test
    void onlyServicesReachTheStockEngine() {
        long product = api.normal("Guarded", "test", 1, 1);
        Http.Reply shopper = api.anyone.withToken(TestTokens.user("42")).post("/catalog/internal/reservations",
                Http.json("orderId", "x", "userId", "42", "items", jakarta.json.Json.createArrayBuilder()
                        .add(jakarta.json.Json.createObjectBuilder().add("productId", product).add("quantity", 1)).build()));
        assertEquals(403, shopper.status());
        assertEquals(401, api.anyone.post("/catalog/internal/reservations/x/release", "{}").status());
        assertEquals(1, api.ledger(product).getInt("available"));
    }

    @Test
    void redisLostInTheMiddleOfADropIsRebuiltFromTheLedgerWithNothingLost() throws Exception {
        long drop = api.drop("Flushed drop", 400, 1000, Instant.now().minusSeconds(1));
        AtomicInteger reserved = new AtomicInteger();
        AtomicInteger rebuilding = new AtomicInteger();
        AtomicInteger confirmed = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(60);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            running.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    String order = RUN + "flush-" + thread + "-" + i;
                    Http.Reply reply = api.reserve(order, "buyer-" + thread, drop, 1);
                    if (reply.status() == 503) {
                        assertTrue(Set.of("stock-rebuilding", "stock-busy").contains(reply.problemKind()), reply::toString);
                        assertNotNull(reply.header("Retry-After"));
                        rebuilding.incrementAndGet();
                        continue;
                    }
                    assertEquals(200, reply.status(), reply::toString);
                    reserved.incrementAndGet();
                    halfway.countDown();
                    String next = i % 3 == 0 ? "release" : i % 3 == 1 ? "confirm" : null;
                    if (next != null) {
                        Http.Reply step;
                        int tries = 0;
                        do {
                            step = api.service.post("/catalog/internal/reservations/" + order + "/" + next, "{}");
                            if (step.status() == 503) {
                                rebuilding.incrementAndGet(); // the first call after the flush may be this one
                            }
                        } while (step.status() == 503 && ++tries < 20);
                        assertEquals(200, step.status(), step::toString);
                        (next.equals("release") ? released : confirmed).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        assertTrue(halfway.await(2, TimeUnit.MINUTES), "60 reservations before the flush");
        try (UnifiedJedis redis = TestRedis.connect()) {
            redis.flushDB(); // only this build's Redis database
        }
        for (Future<?> f : running) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertTrue(rebuilding.get() > 0, "callers were told the stock is being rebuilt");
        JsonObject ledger = api.ledger(drop);
        assertConserved(ledger);
        assertEquals(reserved.get() - released.get() - confirmed.get(), ledger.getInt("reserved"));
        assertEquals(confirmed.get(), ledger.getInt("sold"));
        assertEquals(400 - reserved.get() + released.get(), ledger.getInt("available"));
        // The hot counter agrees with the ledger again.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.anyone.get("/catalog/products/" + drop).json().getInt("available") == ledger.getInt("available"));
    }
}
