package io.liliflora.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liliflora.bench.BenchBuyers;
import io.liliflora.bench.BenchShop;
import io.liliflora.bench.Driver;
import io.liliflora.bench.HotDrop;
import io.liliflora.testkit.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The drop benchmark's hot drop, small, on the assembled EAR (scripts/drop-bench runs the full
 * one): bench buyers seeded by the bench-only loader fire at the opening, half pay, the rest
 * expire (payment window 6 s on the test server). Only the correctness counters are asserted,
 * never a timing.
 */
class DropSmokeIT extends AssembledShop {

    @Test
    void aSmallHotDropSellsEveryUnitOnceAndLosesNoneWhenUnpaidOrdersExpire() {
        assumeTrue(shop.servicesPresent(), "accounts and catalog not built yet");
        String base = "http://localhost:" + System.getProperty("it.http.port");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<BenchBuyers.Buyer> buyers = new BenchBuyers(TestTokens.keysDir()).seed(run, 60, Duration.ofMinutes(10));
        HotDrop.Result drop;
        try (Driver driver = new Driver(base)) {
            drop = new HotDrop(driver, new BenchShop(base), line -> System.out.println("[drop smoke] " + line))
                    .run(run, buyers, 20, Duration.ofSeconds(6), Duration.ofSeconds(4));
        }
        String answers = drop.outcomes().counts().toString();
        assertEquals(20, drop.distinctOrders(), answers);
        assertEquals(0, drop.oversold(), answers);
        assertEquals(0, drop.undersold(), () -> answers + " ledger after expiry " + drop.afterExpiry());
        assertEquals(0, drop.duplicates(), answers);
        assertEquals(0, drop.serverErrors(), answers);
        assertEquals(drop.paid(), drop.afterExpiry().sold(), () -> "ledger " + drop.afterExpiry());
    }
}
