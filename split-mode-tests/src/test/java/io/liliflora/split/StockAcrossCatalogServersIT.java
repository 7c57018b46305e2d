package io.liliflora.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two catalog servers (two JVMs, one Redis, one ledger) contending for one hot drop: the Redis
 * lock, its fencing and the per-user limit must hold across JVMs, not just across threads.
 */
class StockAcrossCatalogServersIT extends SplitShop {

    private static final List<String> BOTH = List.of("catalog-1", "catalog-2");

    @Test
    void concurrentReservesThroughBothServersSellExactlyTheStockWithinEveryLimit() throws Exception {
        int stock = 60;
        int limit = 2;
        long drop = shop.drop("Hot drop " + System.nanoTime(), 30_000, stock, limit);

        // 16 callers, 320 attempts for 40 buyers (8 each): 60 there, at most 2 each (80).
        HotProductContest.Outcome outcome = HotProductContest.run(drop, BOTH, 16, 40, 20);

        assertEquals(stock, outcome.reserved(), () -> "reserved " + outcome);
        assertEquals(0, outcome.other(), () -> "unexpected answers: " + outcome);
        outcome.unitsByUser().forEach((user, units) ->
                assertTrue(units <= limit, () -> user + " holds " + units + " units, limit " + limit));
        assertTrue(outcome.reservedByServer().keySet().containsAll(BOTH), () -> "both servers sold: " + outcome.reservedByServer());
        shop.awaitLedger(drop, 0, stock, 0);

        // Settle through the other server than the one that reserved: confirm half, release half.
        Http catalog1 = SplitMode.server("catalog-1").withToken(TestTokens.service("order"));
        Http catalog2 = SplitMode.server("catalog-2").withToken(TestTokens.service("order"));
        List<String> orders = outcome.reservedOrders();
        for (int i = 0; i < orders.size(); i++) {
            Http via = i % 2 == 0 ? catalog1 : catalog2;
            String action = i < orders.size() / 2 ? "confirm" : "release";
            Http.Reply reply = via.post("/catalog/internal/reservations/" + orders.get(i) + "/" + action, null);
            assertEquals(200, reply.status(), reply::toString);
            // Idempotent per order, whichever server the replay reaches.
            Http.Reply replay = (via == catalog1 ? catalog2 : catalog1)
                    .post("/catalog/internal/reservations/" + orders.get(i) + "/" + action, null);
            assertEquals(200, replay.status(), replay::toString);
        }
        shop.awaitLedger(drop, stock / 2, 0, stock / 2);
        Shop.Ledger ledger = shop.ledger(drop);
        assertEquals(stock, ledger.total());
        assertTrue(ledger.conserved(), ledger::toString);
    }
}
