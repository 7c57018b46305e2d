package io.liliflora.catalog.bench;

import io.liliflora.catalog.stock.EngineFixture;
import io.liliflora.platform.redis.LuaScript;
import io.liliflora.catalog.stock.ReservationFolder;
import io.liliflora.catalog.stock.StockEngine;
import io.liliflora.catalog.stock.StockOutcome;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * One hot product sold out by 8, 32 and 128 threads, in one JVM and one run, three ways:
 * the lock-batched engine (Redis lock per batch + Lua + fenced MySQL ledger write),
 * the original single-lock read-modify-write (Jedis lock per unit, GET then SET), and a bare
 * lock-free Lua check-and-decrement. Prints decrements/s, p50/p99 latency of a successful
 * decrement, and units oversold. Run: {@code ./mvnw -B -q -Pstock-bench -pl catalog-war -am -DskipTests test}.
 */
public final class StockBench {

    interface Seller {
        /** Takes one unit; true when sold. */
        boolean sell(int thread, long n);
    }

    record Row(String engine, int threads, long stock, long sold, double perSecond, double p50Micros, double p99Micros,
               String batches) {
        long oversold() {
            return Math.max(0, sold - stock);
        }
    }

    private static final int[] THREADS = java.util.Arrays.stream(System.getProperty("bench.threads", "8,32,128").split(","))
            .mapToInt(Integer::parseInt).toArray();

    public static void main(String[] args) throws Exception {
        long stock = Long.getLong("bench.stock", 20_000);
        int db = Integer.getInteger("it.redis.db", 1);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(300);
        pool.setMaxIdle(300);
        UnifiedJedis redis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", 6379))
                .clientConfig(DefaultJedisClientConfig.builder().database(db).timeoutMillis(10_000).build())
                .poolConfig(pool).build();
        String prefix = "lili:catalog-bench:";
        List<String> old = new ArrayList<>(redis.keys(prefix + "*"));
        for (int i = 0; i < old.size(); i += 1000) { // a past run's seen marks: one DEL per thousand
            redis.del(old.subList(i, Math.min(old.size(), i + 1000)).toArray(String[]::new));
        }
        EngineFixture fixture = new EngineFixture(new PooledConnections(EngineFixture.schema("catalog_bench"), 8), redis, prefix);
        StockEngine engine = fixture.engine(Duration.ofSeconds(3), Duration.ofSeconds(10));
        // A second engine on the same Redis and MariaDB: a second catalog server, contending for
        // the same product's lock (the fencing matters between them as between two JVMs).
        StockEngine other = fixture.engine(Duration.ofSeconds(3), Duration.ofSeconds(10));
        folding(engine);
        folding(other);
        System.out.printf(Locale.ROOT, "%s, %d cores, load average %s, one-row commit on MariaDB %.2f ms (median of 200)%n",
                java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage(), commitMillis(fixture));
        // -Dbench.writes-in-flight=1,2: the engine once per setting, to compare the pipeline depths in one run.
        int[] depths = Arrays.stream(System.getProperty("bench.writes-in-flight", "").split(","))
                .filter(s -> !s.isBlank()).mapToInt(Integer::parseInt).toArray();

        List<Row> rows = new ArrayList<>();
        // Warm-up of each path (JIT, pools, scripts), not reported.
        run("warm-up", 32, 3_000, engineSeller(fixture, 3_000, engine));
        // What MariaDB alone commits here, the same write the engine sends, no Redis: the engine's ceiling.
        long ceilingProduct = fixture.product("NORMAL", 1_000_000_000L, null);
        for (int[] shape : new int[][] {{1, 16}, {2, 16}, {1, 32}, {2, 32}, {2, 64}}) {
            double perSecond = fixture.ledgerBatchesPerSecond(ceilingProduct, shape[0], shape[1], Duration.ofSeconds(3));
            System.out.printf(Locale.ROOT, "ledger alone, %d writer(s), %d reservations per batch: %,.0f batches/s = %,.0f units/s%n",
                    shape[0], shape[1], perSecond, perSecond * shape[1]);
        }
        if (Boolean.getBoolean("bench.engine-only")) {
            for (int threads : THREADS) {
                if (depths.length == 0) {
                    run("lock-batched engine (+ MySQL ledger)", threads, stock, engineSeller(fixture, stock, engine), engine);
                }
                for (int depth : depths) {
                    StockEngine deep = fixture.engine(Duration.ofSeconds(3), Duration.ofSeconds(10), depth);
                    run("engine, " + depth + " write(s) in flight", threads, stock, engineSeller(fixture, stock, deep), deep);
                }
            }
            System.out.printf(Locale.ROOT, "engine: %d batches, %d fenced writes, %d reservations folded (by either folder)%n", engine.batches(),
                    engine.fencedWrites(), engine.foldedReservations() + other.foldedReservations());
            System.exit(0);
        }
        run("warm-up", 32, 3_000, singleLock(redis, prefix + "warm:single", 3_000));
        run("warm-up", 32, 3_000, lua(redis, prefix + "warm:lua", 3_000));
        for (int threads : THREADS) {
            rows.add(run("lock-batched engine (+ MySQL ledger)", threads, stock, engineSeller(fixture, stock, engine), engine));
            rows.add(run("lock-batched engine, two servers", threads, stock, engineSeller(fixture, stock, engine, other), engine, other));
            rows.add(run("single lock RMW (original)", threads, stock, singleLock(redis, prefix + "single:" + threads, stock)));
            rows.add(run("lock-free Lua decrement", threads, stock, lua(redis, prefix + "lua:" + threads, stock)));
        }
        System.out.println();
        System.out.println("| engine | threads | stock | sold | decrements/s | p50 ms | p99 ms | oversold | batches: units, Redis ms, ledger ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %,.0f | %.2f | %.2f | %d | %s |%n", r.engine(), r.threads(),
                    r.stock(), r.sold(), r.perSecond(), r.p50Micros() / 1000, r.p99Micros() / 1000, r.oversold(), r.batches());
        }
        System.out.println();
        for (int threads : Arrays.stream(THREADS).filter(t -> t == 32 || t == 128).toArray()) {
            double mine = rate(rows, "lock-batched", threads);
            System.out.printf(Locale.ROOT, "%d threads: engine / Lua = %.2fx (goal >= 0.5), engine / single lock = %.1fx (goal >= 4)%n",
                    threads, mine / rate(rows, "lock-free", threads), mine / rate(rows, "single lock", threads));
        }
        System.out.printf(Locale.ROOT, "engine: %d batches, %d fenced writes; second engine: %d batches, %d fenced writes;"
                + " reservations folded %d + %d%n", engine.batches(), engine.fencedWrites(), other.batches(), other.fencedWrites(),
                engine.foldedReservations(), other.foldedReservations());
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        redis.close();
        System.exit(0);
    }

    private static final java.util.concurrent.ScheduledExecutorService FOLDS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fold");
                t.setDaemon(true);
                return t;
            });

    /** The fold runs beside an engine as it does in the catalog WAR, with the WAR's defaults: its cost is in the figures. */
    private static StockEngine folding(StockEngine engine) {
        FOLDS.scheduleWithFixedDelay(new ReservationFolder(engine, Duration.ofMillis(500), Duration.ofSeconds(5)), 500, 500,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        return engine;
    }

    private static double rate(List<Row> rows, String engine, int threads) {
        return rows.stream().filter(r -> r.engine().startsWith(engine) && r.threads() == threads)
                .findFirst().orElseThrow().perSecond();
    }

    /** Threads hammer until the stock is gone; the clock stops at the last unit sold. */
    private static Row run(String name, int threads, long stock, Seller seller, StockEngine... engines) throws Exception {
        List<StockEngine.Stats> before = Arrays.stream(engines).map(StockEngine::stats).toList();
        AtomicLong sold = new AtomicLong();
        AtomicLong lastSale = new AtomicLong();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicLong misses = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            latencies[t] = new long[(int) stock + 16];
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                    long n = 0;
                    // Keep asking a little past the sell-out, as a crowd does, so an oversell would show.
                    while (misses.get() < threads * 4L) {
                        long started = System.nanoTime();
                        boolean ok = seller.sell(thread, n++);
                        long ended = System.nanoTime();
                        if (ok) {
                            sold.incrementAndGet();
                            lastSale.accumulateAndGet(ended, Math::max);
                            if (counts[thread] < latencies[thread].length) {
                                latencies[thread][counts[thread]++] = ended - started;
                            }
                        } else {
                            misses.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            worker.start();
        }
        long start = System.nanoTime();
        go.countDown();
        done.await();
        long all = 0;
        for (int c : counts) {
            all += c;
        }
        long[] merged = new long[(int) all];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, merged, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(merged);
        double seconds = (lastSale.get() - start) / 1e9;
        Row row = new Row(name, threads, stock, sold.get(), sold.get() / seconds,
                merged.length == 0 ? 0 : merged[(int) (merged.length * 0.50)] / 1e3,
                merged.length == 0 ? 0 : merged[Math.min(merged.length - 1, (int) (merged.length * 0.99))] / 1e3,
                batches(before, engines));
        System.out.printf(Locale.ROOT, "%-40s %3d threads: %,8d sold of %,d in %.2f s = %,.0f/s%s%n",
                name, threads, row.sold(), stock, seconds, row.perSecond(),
                row.batches().isEmpty() ? "" : " (batches: units, Redis ms, ledger ms " + row.batches() + ")");
        return row;
    }

    /** Mean units per batch and mean time of a batch's Redis script and ledger write, over this run. */
    private static String batches(List<StockEngine.Stats> before, StockEngine... engines) {
        if (engines.length == 0) {
            return "";
        }
        StockEngine.Stats run = new StockEngine.Stats(0, 0, 0, 0, 0);
        for (int i = 0; i < engines.length; i++) {
            run = run.plus(engines[i].stats().since(before.get(i)));
        }
        long n = Math.max(1, run.applies());
        return String.format(Locale.ROOT, "%d: %.1f, %.2f, %.2f", run.applies(), run.lines() / (double) n,
                run.applyNanos() / 1e6 / n, run.writeNanos() / 1e6 / Math.max(1, run.writes()));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (java.io.IOException e) {
            return String.format(Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** What one durable commit costs on this machine now: the floor under every ledger write. */
    private static double commitMillis(EngineFixture fixture) throws Exception {
        long[] took = new long[200];
        try (var c = fixture.dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_commit (id BIGINT AUTO_INCREMENT PRIMARY KEY)");
            for (int i = 0; i < took.length; i++) {
                long started = System.nanoTime();
                s.execute("INSERT INTO bench_commit VALUES ()");
                took[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(took);
        return took[took.length / 2] / 1e6;
    }

    /** Threads alternate between the engines, as a load balancer spreads buyers over two servers. */
    private static Seller engineSeller(EngineFixture fixture, long stock, StockEngine... engines) throws Exception {
        long product = fixture.product("RESERVATION", stock, 1_000);
        if (!engines[0].rebuild(product)) {
            throw new IllegalStateException("Could not build the hot stock of the bench product");
        }
        String run = Long.toString(product);
        return (thread, n) -> {
            StockOutcome outcome = engines[thread % engines.length].reserve("b" + run + "-" + thread + "-" + n,
                    "u" + ThreadLocalRandom.current().nextInt(5_000), Map.of(product, 1));
            return outcome.verdict() == StockOutcome.Verdict.RESERVED;
        };
    }

    /** The original design: lock, read the counter, write it back decremented, unlock. */
    private static Seller singleLock(UnifiedJedis redis, String key, long stock) {
        redis.hset(key, "available", Long.toString(stock));
        String lock = key + ":lock";
        SecureRandom random = new SecureRandom();
        LuaScript unlock = new LuaScript(
                "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0");
        return (thread, n) -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!"OK".equals(redis.set(lock, token, SetParams.setParams().nx().px(3_000)))) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 200_000));
            }
            try {
                long available = Long.parseLong(redis.hget(key, "available"));
                if (available <= 0) {
                    return false;
                }
                redis.hset(key, "available", Long.toString(available - 1));
                return true;
            } finally {
                unlock.run(redis, List.of(lock), List.of(token));
            }
        };
    }

    /** One atomic script per unit: check and decrement, no lock, no ledger. */
    private static Seller lua(UnifiedJedis redis, String key, long stock) {
        redis.set(key, Long.toString(stock));
        LuaScript decrement = new LuaScript(
                "if tonumber(redis.call('get', KEYS[1])) >= 1 then return redis.call('decrby', KEYS[1], 1) + 1 end return 0");
        return (thread, n) -> ((Number) decrement.run(redis, List.of(key), List.of())).longValue() > 0;
    }
}
