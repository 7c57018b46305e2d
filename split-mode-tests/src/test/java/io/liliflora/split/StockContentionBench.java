package io.liliflora.split;

import static io.liliflora.testkit.Http.json;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Stock benchmark across JVMs: one hot product, many callers reserving one unit each through the
 * catalog's internal API until it is sold out, first through one catalog server, then spread over
 * two (same Redis, same ledger). Prints decrements/s, p50/p99 latency and oversold units (from
 * the ledger) for each. Needs split mode running:
 *
 * <pre>
 * scripts/split-mode start
 * ./mvnw -q -pl split-mode-tests -am test-compile -DskipTests &amp;&amp; ./mvnw -q -pl split-mode-tests exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=io.liliflora.split.StockContentionBench \
 *   -Dexec.args="[stock=3000] [threads=16] [rounds=3]" [-Dit.split.port.base=91 -Dit.split.gateway.port=9080]
 * scripts/split-mode stop
 * </pre>
 * Not a test: the figures depend on the machine, nothing here passes or fails.
 */
public final class StockContentionBench {

    public static void main(String[] args) throws Exception {
        int stock = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Http admin = SplitMode.gateway().withToken(TestTokens.admin());
        System.out.printf("one hot product, %d units, %d callers, each reserve 1 unit for a new buyer%n", stock, threads);
        System.out.printf("%-22s %5s %12s %9s %9s %9s %6s%n", "servers", "round", "decrements/s", "p50 ms", "p99 ms", "oversold", "busy");
        List<List<String>> setups = List.of(List.of("catalog-1"), List.of("catalog-1", "catalog-2"));
        // a warm-up product so the first measured round does not pay for JIT and pools
        run(admin, setups.get(1), Math.min(stock, 500), threads);
        for (int round = 1; round <= rounds; round++) {
            for (List<String> servers : setups) {
                Result r = run(admin, servers, stock, threads);
                System.out.printf("%-22s %5d %12.0f %9.2f %9.2f %9d %6d%n", String.join("+", servers), round,
                        r.outcome.reserved() / (r.outcome.elapsedNanos() / 1e9),
                        r.outcome.percentileMicros(0.50) / 1000.0, r.outcome.percentileMicros(0.99) / 1000.0,
                        r.oversold, r.outcome.busy());
            }
        }
    }

    private record Result(HotProductContest.Outcome outcome, long oversold) {
    }

    private static Result run(Http admin, List<String> servers, int stock, int threads) throws Exception {
        Http.Reply created = admin.post("/catalog/products", json("name", "Bench drop " + System.nanoTime(),
                "description", "stock bench", "category", "bench", "price", 1000, "saleType", "NORMAL", "stock", stock));
        if (created.status() != 201) {
            throw new IllegalStateException(created.toString());
        }
        long product = created.json().getJsonNumber("id").longValue();
        HotProductContest.Outcome outcome = HotProductContest.run(product, servers, threads, 0, Integer.MAX_VALUE);
        JsonObject ledger = admin.get("/catalog/products/" + product + "/stock").json();
        long held = ledger.getJsonNumber("reserved").longValue() + ledger.getJsonNumber("sold").longValue();
        long oversold = Math.max(0, Math.max(held, outcome.reserved()) - ledger.getJsonNumber("total").longValue());
        if (outcome.other() > 0) {
            System.out.println("  (" + outcome.other() + " unexpected answers)");
        }
        return new Result(outcome, oversold);
    }
}
