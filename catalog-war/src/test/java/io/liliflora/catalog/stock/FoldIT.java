package io.liliflora.catalog.stock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.stock.StockOutcome.Verdict;
import io.liliflora.testkit.TestRedis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A batch writes one reservation row per order and the fold derives reservation_item and
 * buyer_quota later. No folder runs here, so every step meets reservations not folded yet: what
 * a rebuild, a transition and the fold itself must get right in that state.
 */
class FoldIT {

    private static UnifiedJedis redis;
    private static EngineFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        redis = TestRedis.connect();
        fixture = EngineFixture.fresh("fold", redis);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void unfoldedReservationsCountInRebuildsTransitionsAndTheFold() throws Exception {
        long drop = fixture.product("RESERVATION", 10, 2);
        StockEngine engine = fixture.engine(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertTrue(engine.rebuild(drop));

        assertEquals(Verdict.RESERVED, engine.reserve("fold-a", "alice", Map.of(drop, 1)).verdict());
        assertEquals(Verdict.RESERVED, engine.reserve("fold-b", "bob", Map.of(drop, 2)).verdict());
        assertEquals(2, count("SELECT COUNT(*) FROM reservation WHERE folded = FALSE AND order_id LIKE 'fold-%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM buyer_quota WHERE product_id = " + drop));

        // Redis forgets everything: the rebuilt copy must still know what alice and bob hold.
        redis.del(fixture.keys.generation());
        assertEquals(Verdict.REBUILDING, engine.reserve("fold-c", "alice", Map.of(drop, 2)).verdict());
        assertEquals(Verdict.PURCHASE_LIMIT, engine.reserve("fold-c", "alice", Map.of(drop, 2)).verdict());
        assertEquals(Verdict.PURCHASE_LIMIT, engine.reserve("fold-d", "bob", Map.of(drop, 1)).verdict());
        // ...and the order ids it reserved for, so a replay gets its first answer.
        assertEquals(Verdict.RESERVED, engine.reserve("fold-a", "alice", Map.of(drop, 1)).verdict());
        assertEquals(1, count("SELECT COUNT(*) FROM reservation WHERE order_id = 'fold-a'"));

        // A transition of an unfolded reservation folds it first: bob's quota row exists to lower.
        assertEquals(Verdict.RELEASED, engine.release("fold-b").verdict());
        assertEquals(Verdict.SOLD, engine.confirm("fold-a").verdict());
        assertEquals(0, count("SELECT COUNT(*) FROM reservation WHERE folded = FALSE AND order_id LIKE 'fold-%'"));
        assertEquals(1, count("SELECT quantity FROM buyer_quota WHERE user_id = 'alice' AND product_id = " + drop));
        assertEquals(0, count("SELECT quantity FROM buyer_quota WHERE user_id = 'bob' AND product_id = " + drop));
        assertEquals(Verdict.RESERVED, engine.reserve("fold-e", "bob", Map.of(drop, 2)).verdict());

        // The fold takes the rest, once: a second fold finds nothing.
        assertEquals(1, engine.fold());
        assertEquals(0, engine.fold());
        StockLedger.Counters ledger = fixture.ledger(drop);
        assertEquals(10, ledger.available() + ledger.reserved() + ledger.sold());
        assertEquals(ledger.reserved() + ledger.sold(), count("SELECT SUM(quantity) FROM buyer_quota WHERE product_id = " + drop));
        assertEquals(3, count("SELECT COUNT(*) FROM reservation_item WHERE product_id = " + drop));
        assertEquals(2, count("SELECT quantity FROM buyer_quota WHERE user_id = 'bob' AND product_id = " + drop));
    }

    @Test
    void twoFoldersAtOnceCountEveryReservationExactlyOnce() throws Exception {
        long product = fixture.product("NORMAL", 2_000, null);
        StockEngine engine = fixture.engine(Duration.ofSeconds(2), Duration.ofSeconds(5));
        StockEngine other = fixture.engine(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertTrue(engine.rebuild(product));
        for (int i = 0; i < 1_200; i++) {
            assertEquals(Verdict.RESERVED, engine.reserve("race-" + i, "buyer-" + (i % 7), Map.of(product, 1)).verdict());
        }
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> fold(engine));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> fold(other));
        assertEquals(1_200, first.get() + second.get());
        assertEquals(1_200, count("SELECT SUM(quantity) FROM buyer_quota WHERE product_id = " + product));
        assertEquals(1_200, count("SELECT COUNT(*) FROM reservation_item WHERE product_id = " + product));
    }

    @Test
    void theFolderWaitsWhileReservationsAreFreshAndFoldsOnceTheyAgeOrPause() throws Exception {
        long product = fixture.product("NORMAL", 10, null);
        StockEngine engine = fixture.engine(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertTrue(engine.rebuild(product));
        engine.fold(); // what the other tests left
        assertEquals(Verdict.RESERVED, engine.reserve("folder-1", "carol", Map.of(product, 1)).verdict());

        // Written just now, by whichever server: a folder waiting for an hour's pause leaves it.
        new ReservationFolder(engine, Duration.ofHours(1), Duration.ofHours(1)).run();
        assertEquals(1, count("SELECT COUNT(*) FROM reservation WHERE folded = FALSE AND order_id = 'folder-1'"));
        // Old enough by the max delay (zero here): folded, though the writes never paused.
        new ReservationFolder(engine, Duration.ofHours(1), Duration.ZERO).run();
        assertEquals(0, count("SELECT COUNT(*) FROM reservation WHERE folded = FALSE AND order_id = 'folder-1'"));
        assertEquals(1, count("SELECT quantity FROM buyer_quota WHERE user_id = 'carol' AND product_id = " + product));
        assertTrue(engine.ledger().backlog().isEmpty());
    }

    private static int fold(StockEngine engine) {
        try {
            return engine.fold();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = fixture.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
