package io.liliflora.catalog.stock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.stock.StockOutcome.Verdict;
import io.liliflora.testkit.TestRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Two engines (two servers) on one real Redis and MariaDB. The first holder is stopped after its
 * Redis write and before its ledger write until its lease has run out and a second holder has
 * written; its write must then be refused by the fence, and nothing may be lost or doubled.
 */
class FencedHolderIT {

    private static UnifiedJedis redis;
    private static EngineFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        redis = TestRedis.connect();
        fixture = EngineFixture.fresh("fence", redis);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void holderPausedPastItsLeaseIsRefusedAtTheLedger() throws Exception {
        long product = fixture.product("RESERVATION", 10, 5);
        Duration lease = Duration.ofMillis(300);
        StockEngine paused = fixture.engine(lease, Duration.ofSeconds(5));
        StockEngine other = fixture.engine(lease, Duration.ofSeconds(5));
        assertTrue(paused.rebuild(product));

        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        paused.hook(leases -> {
            if (first.getAndSet(false)) {
                inHook.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        CompletableFuture<StockOutcome> slow = CompletableFuture.supplyAsync(
                () -> paused.reserve("fence-slow", "alice", Map.of(product, 2)));
        assertTrue(inHook.await(10, TimeUnit.SECONDS));
        // The lease runs out while the holder sleeps: the lock key disappears on its own.
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.exists(fixture.keys.lock(product)));

        // A second holder now takes the lock; it finds the first one's unconfirmed write, rebuilds from
        // the ledger (stamping its newer fence there), and is served on the next try.
        StockOutcome firstTry = other.reserve("fence-fast", "bob", Map.of(product, 3));
        assertEquals(Verdict.REBUILDING, firstTry.verdict(), firstTry::toString);
        StockOutcome fast = other.reserve("fence-fast", "bob", Map.of(product, 3));
        assertEquals(Verdict.RESERVED, fast.verdict(), fast::toString);

        resume.countDown();
        StockOutcome late = slow.get(30, TimeUnit.SECONDS);

        assertTrue(paused.fencedWrites() >= 1, "the paused holder's write was fenced off");
        // It was retried under a fresh lock and token, and applied exactly once.
        assertEquals(Verdict.RESERVED, late.verdict(), late::toString);
        StockLedger.Counters ledger = fixture.ledger(product);
        assertEquals(5, ledger.reserved());
        assertEquals(5, ledger.available());
        assertEquals(ledger.total(), ledger.available() + ledger.reserved() + ledger.sold());
        assertEquals(Map.of(product, 5L), paused.scripts().available(java.util.List.of(product)));
    }

    @Test
    void writeWithAnOlderFenceThanTheLedgersChangesNothing() throws Exception {
        long product = fixture.product("NORMAL", 4, null);
        StockEngine engine = fixture.engine(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertTrue(engine.rebuild(product));
        // Someone with a newer token (say 1000) wrote last.
        try (var c = fixture.dataSource.getConnection(); var s = c.prepareStatement(
                "UPDATE product_stock SET fence = 1000 WHERE product_id = ?")) {
            s.setLong(1, product);
            s.executeUpdate();
        }
        StockLedger.Changes changes = new StockLedger.Changes();
        changes.stock(product, 0, -1, 1, 0);
        try (var c = fixture.dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertEquals(false, new StockLedger(fixture.dataSource).write(c, Map.of(product, 999L), changes));
            c.rollback();
        }
        assertEquals(4, fixture.ledger(product).available());
    }
}
