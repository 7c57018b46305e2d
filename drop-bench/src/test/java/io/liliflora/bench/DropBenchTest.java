package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DropBenchTest {

    @Test
    void sweepBuyersAskInTurnEachRequestUnderAKeyOfItsOwnAcrossLevels() {
        List<BenchBuyers.Buyer> pool = List.of(new BenchBuyers.Buyer(1, "t1"), new BenchBuyers.Buyer(2, "t2"),
                new BenchBuyers.Buyer(3, "t3"));
        try (Driver driver = new Driver("http://localhost:1")) {
            IntFunction<HttpRequest> orders = DropBench.inTurn(driver, pool, "{}", "run-n-");
            Set<String> keys = new HashSet<>();
            StringBuilder tokens = new StringBuilder();
            // a closed loop numbers its requests from 0 at every level: two levels of 4
            for (int level = 0; level < 2; level++) {
                for (int n = 0; n < 4; n++) {
                    HttpRequest r = orders.apply(n);
                    keys.add(r.headers().firstValue("Idempotency-Key").orElseThrow());
                    tokens.append(r.headers().firstValue("Authorization").orElseThrow().substring(7)).append(' ');
                }
            }
            assertEquals(8, keys.size(), "no key is used twice: a second use would be answered as a replay");
            assertEquals("t1 t2 t3 t1 t2 t3 t1 t2 ", tokens.toString());
        }
    }
}
