package io.liliflora.split;

import static io.liliflora.testkit.Http.json;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many buyers reserving one hot product at once through the catalog servers' internal API (as
 * order-war does, with a service token), spread round-robin over the given servers. Each
 * thread keeps reserving one unit for a fresh order until the product is out of stock.
 */
final class HotProductContest {

    record Outcome(Map<String, Integer> unitsByUser, List<String> reservedOrders, Map<String, Integer> reservedByServer,
                   int outOfStock, int overLimit, int busy, int other, long[] latenciesNanos, long elapsedNanos) {

        int reserved() {
            return reservedOrders.size();
        }

        long percentileMicros(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000;
        }
    }

    private HotProductContest() {
    }

    /**
     * {@code threads} callers, each attempt for the next of {@code buyers} buyers, against
     * {@code servers} in turn, until every caller has seen {@code out-of-stock} (or made
     * {@code maxAttempts} attempts). {@code buyers <= 0}: every attempt is a new buyer.
     */
    static Outcome run(long product, List<String> servers, int threads, int buyers, int maxAttempts) throws Exception {
        String token = TestTokens.service("order");
        List<Http> clients = servers.stream().map(s -> SplitMode.server(s).withToken(token)).toList();
        Map<String, Integer> units = new ConcurrentHashMap<>();
        Map<String, Integer> byServer = new ConcurrentHashMap<>();
        List<String> reserved = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger outOfStock = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger turn = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int attempt = 0; attempt < maxAttempts; attempt++) {
                    String user = "contest-" + product + "-" + (buyers > 0 ? Math.floorMod(thread * maxAttempts + attempt, buyers) : UUID.randomUUID());
                    int which = Math.floorMod(turn.getAndIncrement(), clients.size());
                    String orderId = UUID.randomUUID().toString();
                    long t0 = System.nanoTime();
                    Http.Reply reply = clients.get(which).post("/catalog/internal/reservations",
                            json("orderId", orderId, "userId", user, "items", Json.createArrayBuilder()
                                    .add(json("productId", product, "quantity", 1)).build()));
                    latencies.add(System.nanoTime() - t0);
                    if (reply.status() == 200) {
                        reserved.add(orderId);
                        units.merge(user, 1, Integer::sum);
                        byServer.merge(servers.get(which), 1, Integer::sum);
                        continue;
                    }
                    String kind = reply.status() >= 400 && reply.status() != 500 ? reply.problemKind() : "";
                    switch (kind) {
                        case "out-of-stock" -> {
                            outOfStock.incrementAndGet();
                            return null;
                        }
                        case "purchase-limit" -> overLimit.incrementAndGet();
                        case "stock-busy" -> busy.incrementAndGet();
                        default -> other.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return new Outcome(units, reserved, byServer, outOfStock.get(), overLimit.get(), busy.get(), other.get(),
                latencies.stream().mapToLong(Long::longValue).toArray(), elapsed);
    }
}
