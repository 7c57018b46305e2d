package io.liliflora.platform.security;

import io.liliflora.platform.redis.RedisKeys;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the revocation filter adds to an authenticated request: one MGET of two keys. Prints the
 * latency of {@link TokenRevocations#verdict} next to a bare PING (the floor of any round trip)
 * single-threaded, and the throughput with several threads, against a real Redis.
 *
 * <pre>
 * ./mvnw -q -pl liliflora-platform test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.liliflora.platform.security.TokenRevocationBenchmark [-Dexec.args="redis://127.0.0.1:6379/0 8"]
 * </pre>
 * Not a test: figures depend on the machine, so nothing here passes or fails.
 */
public final class TokenRevocationBenchmark {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (UnifiedJedis redis = RedisClient.create(url)) {
            TokenRevocations revocations = new TokenRevocations();
            revocations.redis = redis;
            revocations.keys = new RedisKeys() {
                @Override
                public String shared(Object... parts) {
                    return "lili:bench:shared:" + String.join(":", Arrays.stream(parts).map(String::valueOf).toList());
                }
            };
            // A realistic state: some revoked tokens and marks exist, the checked token is not revoked.
            for (int i = 0; i < 1000; i++) {
                revocations.revoke("42", UUID.randomUUID().toString(), java.time.Instant.now().plusSeconds(120));
            }
            revocations.refuseIssuedBefore("42", 1, java.time.Duration.ofMinutes(1));
            String jti = UUID.randomUUID().toString();

            int warmup = 5_000;
            int n = 20_000;
            for (int i = 0; i < warmup; i++) {
                revocations.verdict(jti, "42", 1000);
                redis.ping();
            }
            long[] ping = new long[n];
            long[] verdict = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                redis.ping();
                long t1 = System.nanoTime();
                if (revocations.verdict(jti, "42", 1000) != null) {
                    throw new IllegalStateException("should pass");
                }
                long t2 = System.nanoTime();
                ping[i] = t1 - t0;
                verdict[i] = t2 - t1;
            }
            System.out.printf("single thread, %d calls against %s%n", n, url);
            print("PING (round-trip floor)", ping);
            print("verdict = MGET revoked + valid-after", verdict);

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            int perThread = 20_000;
            long start = System.nanoTime();
            Future<?>[] futures = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                futures[t] = pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        revocations.verdict(jti, "42", 1000);
                    }
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("%d threads: %,.0f checks/s%n", threads, threads * perThread / seconds);
            for (String key : redis.keys("lili:bench:*")) {
                redis.del(key);
            }
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-40s p50 %6.1f us  p99 %6.1f us  p99.9 %6.1f us%n", what,
                sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
                sorted[(int) (sorted.length * 0.999)] / 1e3);
    }
}
