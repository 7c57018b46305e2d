package io.liliflora.bench;

import io.liliflora.testkit.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The drop benchmark (scripts/drop-bench): against a shop started the README's way, seeds bench
 * buyers, then in one run measures the product-detail ceiling, a hot drop with its correctness
 * counters, sold-out answers and steady ordering of a NORMAL product at rising concurrency, runs
 * the stock-engine comparison, and writes docs/benchmarks/drop-bench-&lt;date&gt;.{md,html}.
 */
public final class DropBench {

    /** Schema prefixes and Redis databases of the shops the bench starts itself (it drops and flushes them). */
    static final String CURRENT_PREFIX = "liliflora_bench_";
    static final String BASELINE_PREFIX = "liliflora_base_";
    static final int CURRENT_REDIS_DB = 11;
    static final int BASELINE_REDIS_DB = 10;

    public static void main(String[] args) throws Exception {
        Options opt = Options.parse(args);
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String stamp = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Files.createDirectories(opt.work());
        Report.Run baseline = null;
        if (opt.baseline() != null) {
            ShopServer.Baseline built = ShopServer.baseline(opt.checkout(), opt.baseline(), opt.work(), DropBench::log);
            ShopServer.Target target = ShopServer.Target.started("baseline", opt.baseline() + " ("
                    + built.sha().substring(0, 12) + ")", built.folder(), opt.baselinePort(), BASELINE_PREFIX,
                    BASELINE_REDIS_DB);
            baseline = startAndMeasure(target, opt, stamp, false);
        }
        String commit = sh("git", "-C", opt.checkout().toString(), "describe", "--always", "--dirty");
        Report.Run current;
        if (opt.startServer()) {
            current = startAndMeasure(ShopServer.Target.started("current", commit, opt.checkout(), opt.port(),
                    CURRENT_PREFIX, CURRENT_REDIS_DB), opt, stamp, opt.stockBench());
        } else {
            ShopServer.Target target = new ShopServer.Target("current", commit, opt.checkout(), opt.baseUrl(), opt.wlp(),
                    Path.of(env("LILIFLORA_KEYS_DIR", ShopServer.Target.defaultKeys(opt.wlp()).toString())),
                    env("LILIFLORA_DB_SCHEMA_PREFIX", "liliflora_"), env("LILIFLORA_REDIS_URL", "redis://127.0.0.1:6379/0"));
            current = measure(target, opt, opt.stockBench(), opt.jfr() ? jfrFile(opt, stamp, target) : null);
        }
        if (current == null) {
            return; // --only: no report
        }
        Path md = opt.out().resolve("drop-bench-" + stamp + ".md");
        Path html = opt.out().resolve("drop-bench-" + stamp + ".html");
        System.out.println();
        if (baseline == null) {
            Report.write(current, md, html);
            System.out.println(Report.markdown(current, html.getFileName().toString()));
        } else {
            Comparison comparison = new Comparison(baseline, current, opt.compareAt());
            Report.write(comparison, md, html);
            System.out.println(Report.markdown(comparison, html.getFileName().toString()));
        }
        log("report: " + md + " and " + html);
        if (!current.drop().clean() || baseline != null && !baseline.drop().clean()) {
            System.exit(2);
        }
    }

    /** Starts the target's server the README's way, measures it, stops it. */
    private static Report.Run startAndMeasure(ShopServer.Target target, Options opt, String stamp, boolean stockBench)
            throws Exception {
        Path jfr = opt.jfr() ? jfrFile(opt, stamp, target) : null;
        Path serverLog = opt.work().resolve("drop-bench-" + stamp + "-" + target.label() + "-server.log");
        try (ShopServer ignored = ShopServer.start(target, opt.paymentWindow(), jfr, serverLog, DropBench::log)) {
            Report.Run run = measure(target, opt, stockBench, null);
            if (run != null && jfr != null) {
                run.notes().add("JFR of the " + target.label() + " server for its whole life (written when it stopped): "
                        + jfr);
            }
            return run;
        }
    }

    private static Path jfrFile(Options opt, String stamp, ShopServer.Target target) {
        return opt.work().resolve("drop-bench-" + stamp + "-" + target.label() + ".jfr");
    }

    /**
     * Every scenario against one shop (or only {@code --only}'s, then null); {@code jcmdJfr}: a
     * recording to start with jcmd on a server the bench did not start, dumped at the end.
     */
    static Report.Run measure(ShopServer.Target target, Options opt, boolean stockBench, Path jcmdJfr) throws Exception {
        // The testkit's raw JDBC reads this: this shop's schemas. Tokens are signed with its own dev keys.
        System.setProperty("it.db.prefix", target.schemaPrefix());
        String run = UUID.randomUUID().toString().substring(0, 8);
        BenchShop shop = new BenchShop(target.baseUrl(), target.keysDir());
        if (!shop.up()) {
            throw new IllegalStateException("No shop answering at " + target.baseUrl() + "; start it the README's way");
        }
        log("measuring " + target.label() + " " + target.commit() + " at " + target.baseUrl());
        Map<String, String> loads = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        loads.put("start", ServerWatch.loadAverage());
        try (Driver driver = new Driver(target.baseUrl());
             ServerWatch watch = new ServerWatch(ServerWatch.pidListeningOn(target.port()))) {
            if (watch.pid() < 0) {
                notes.add("The server process was not found listening on port " + target.port() + ": no RSS figures.");
            }
            if (jcmdJfr != null) {
                notes.add(jcmd(watch.pid(), "JFR.start", "name=drop-bench", "settings=profile", "filename=" + jcmdJfr)
                        ? "JFR of the server over the run (jcmd JFR.start/JFR.stop): " + jcmdJfr
                        : "jcmd JFR.start failed on pid " + watch.pid() + ": no JFR");
            }
            int seeded = opt.buyers() + 2 * opt.sweepBuyers();
            log("seeding " + seeded + " bench buyers (run " + run + "): " + opt.buyers() + " for the drop, "
                    + opt.sweepBuyers() + " for each ordering sweep");
            List<BenchBuyers.Buyer> all = new BenchBuyers(target.keysDir()).seed(run, seeded, Duration.ofHours(2));
            List<BenchBuyers.Buyer> buyers = all.subList(0, opt.buyers());
            // Each ordering sweep has its own buyers, so one sweep's attempts never spend the other's buy limit.
            List<BenchBuyers.Buyer> soldOutBuyers = all.subList(opt.buyers(), opt.buyers() + opt.sweepBuyers());
            List<BenchBuyers.Buyer> orderBuyers = all.subList(opt.buyers() + opt.sweepBuyers(), seeded);
            long normal = shop.createNormal("Bench bouquet " + run, 50_000_000);
            long soldOut = shop.createNormal("Bench sold-out vase " + run, 0);
            CpuMeter cpu = CpuMeter.forRun(watch.pid(), Integer.parseInt(env("LILIFLORA_DB_PORT", "3306")),
                    URI.create(target.redisUrl()).getPort());
            Sweep sweep = new Sweep(driver, DropBench::log, cpu);
            String normalBody = "{\"items\":[{\"productId\":" + normal + ",\"quantity\":1}]}";
            String soldOutBody = "{\"items\":[{\"productId\":" + soldOut + ",\"quantity\":1}]}";

            if ("drop".equals(opt.only())) {
                HotDrop.Result drop = new HotDrop(driver, shop, DropBench::log).run(run, buyers, opt.units(),
                        opt.paymentWindow(), Duration.ofSeconds(12));
                log("hot drop: " + drop.outcomes().counts() + ", 201 p99 " + drop.outcomes().ms("201", 99)
                        + " ms (from the opening " + drop.fromOpeningMs("201", 99) + " ms), answered later than 2 s: "
                        + drop.answeredLaterThan(2000) + " of " + drop.answers() + ", last answer "
                        + Math.round(drop.lastAnswerMs()) + " ms after the opening, oversold " + drop.oversold() + ", undersold "
                        + drop.undersold() + ", duplicates " + drop.duplicates() + ", server errors " + drop.serverErrors());
                stopJfr(jcmdJfr, watch.pid());
                return null;
            }
            if (opt.only() != null) {
                profileOnly(opt, sweep, driver, soldOutBuyers, orderBuyers, run, normalBody, soldOutBody, normal);
                stopJfr(jcmdJfr, watch.pid());
                return null;
            }
            log("warm-up");
            IntFunction<HttpRequest> warmUpOrders = inTurn(driver, orderBuyers, normalBody, run + "-warm-");
            driver.closedLoop(8, Duration.ofSeconds(20), n -> n % 2 == 0
                    ? driver.get("/catalog/products/" + normal, null)
                    : warmUpOrders.apply(n));

            // The warm-up's orders are never paid: let them expire (and their stock come back)
            // before the drop, or their releases land in the middle of it.
            awaitExpiry(shop, normal, opt.paymentWindow());
            loads.put("before the hot drop", ServerWatch.loadAverage());
            HotDrop.Result drop = new HotDrop(driver, shop, DropBench::log).run(run, buyers.subList(0, opt.buyers()),
                    opt.units(), opt.paymentWindow(), Duration.ofSeconds(12));

            // Reads, sold-out orders and placed orders back to back at each level (see Sweep#run).
            loads.put("before the sweeps", ServerWatch.loadAverage());
            List<Sweep.Result> sweeps = sweep.run(List.of(
                    new Sweep.Kind("3. Ceiling: GET /catalog/products/{id}", "200",
                            n -> driver.get("/catalog/products/" + normal, null)),
                    new Sweep.Kind("2b. Ordering a sold-out product: POST /order/orders", "409 out-of-stock",
                            inTurn(driver, soldOutBuyers, soldOutBody, run + "-so-")),
                    new Sweep.Kind("2. Steady ordering of a NORMAL product: POST /order/orders", "201",
                            inTurn(driver, orderBuyers, normalBody, run + "-n-"))),
                    // The orders of one level expire a payment window later: waited for before the
                    // next level, or their expiry steps and stock releases would share its seconds.
                    opt.levels(), opt.warmUp(), opt.measure(), () -> awaitExpiry(shop, normal, opt.paymentWindow()));
            Sweep.Result reads = sweeps.get(0);
            Sweep.Result refused = sweeps.get(1);
            Sweep.Result orders = sweeps.get(2);
            loads.put("after the HTTP scenarios", ServerWatch.loadAverage());
            stopJfr(jcmdJfr, watch.pid());

            StockEngineBench.Result stock = null;
            if (stockBench) {
                log("stock-engine comparison: " + String.join(" ", StockEngineBench.COMMAND));
                stock = StockEngineBench.run(opt.checkout(), DropBench::log);
                loads.put("after the stock-engine comparison", ServerWatch.loadAverage());
            }

            ServerWatch.Start start = ServerWatch.lastStart(target.wlp().resolve("usr/servers/liliflora/logs/messages.log"));
            Goals goals = goals(drop, reads, refused, orders, watch.maxRssMib(), start);
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            Map<String, String> facts = facts(opt, target, now, start);
            return new Report.Run("Drop benchmark, " + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                    + ", " + target.label() + " " + target.commit(), facts, loads, drop, reads, refused, orders, stock,
                    watch.rssSamples(), watch.maxRssMib(), start, goals, notes);
        }
    }

    private static void stopJfr(Path jcmdJfr, long pid) {
        if (jcmdJfr != null) {
            jcmd(pid, "JFR.stop", "name=drop-bench");
        }
    }

    /** jcmd of the JDK running the bench against {@code pid}; true when it answered 0. */
    private static boolean jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            int exit = p.waitFor();
            log("jcmd " + String.join(" ", command) + ": " + out.replace('\n', ' '));
            return exit == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The HTTP status of a GET, 0 when nothing answers. */
    static int httpStatus(String url) {
        try {
            return java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET()
                            .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Waits (at most a payment window and two minutes) until no unit of {@code product} is reserved. */
    private static void awaitExpiry(BenchShop shop, long product, Duration paymentWindow) {
        log("waiting for unpaid orders to expire");
        long deadline = System.nanoTime() + paymentWindow.plus(Duration.ofMinutes(2)).toNanos();
        try {
            while (shop.ledger(product).reserved() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code --only reads|sold-out|orders}: that one sweep, nothing else and no report, for
     * profiling the server while it runs (e.g. with JFR); {@code --only drop}: the hot drop alone.
     */
    private static void profileOnly(Options opt, Sweep sweep, Driver driver, List<BenchBuyers.Buyer> soldOutBuyers,
                                    List<BenchBuyers.Buyer> orderBuyers, String run, String normalBody,
                                    String soldOutBody, long normal) {
        Sweep.Kind kind = switch (opt.only()) {
            case "reads" -> new Sweep.Kind("GET /catalog/products/{id}", "200",
                    n -> driver.get("/catalog/products/" + normal, null));
            case "sold-out" -> new Sweep.Kind("POST /order/orders, sold out", "409 out-of-stock",
                    inTurn(driver, soldOutBuyers, soldOutBody, run + "-so-"));
            case "orders" -> new Sweep.Kind("POST /order/orders", "201",
                    inTurn(driver, orderBuyers, normalBody, run + "-n-"));
            default -> throw new IllegalArgumentException("--only takes reads, sold-out or orders");
        };
        sweep.run(List.of(kind), opt.levels(), opt.warmUp(), opt.measure());
    }

    static Goals goals(HotDrop.Result drop, Sweep.Result reads, Sweep.Result refused, Sweep.Result orders,
                       double maxRss, ServerWatch.Start start) {
        Goals g = new Goals();
        double ceiling = reads.best().perSecond();
        g.atLeast("POST /order/orders (NORMAL) best / product-detail reads best", orders.best().perSecond() / ceiling, 0.4, "x");
        g.atLeast("sold-out 409s best / product-detail reads best", refused.best().perSecond() / ceiling, 0.8, "x");
        g.below("hot drop p99 of the 201s", drop.outcomes().ms("201", 99), 250, " ms");
        g.zero("hot drop order attempts answered later than 2 s after the opening", drop.answeredLaterThan(2000));
        g.zero("hot drop oversold", drop.oversold());
        g.zero("hot drop undersold (after expiry)", drop.undersold());
        g.zero("hot drop duplicate orders", drop.duplicates());
        g.zero("hot drop server errors", drop.serverErrors());
        g.zero("server errors in the sweeps", reads.serverErrors() + refused.serverErrors() + orders.serverErrors());
        g.below("server RSS, max over the run", maxRss, 1024, " MiB");
        g.below("EAR start (last start in messages.log)", start.applicationSeconds().orElse(Double.NaN), 15, " s");
        return g;
    }

    private static Map<String, String> facts(Options opt, ShopServer.Target target, ZonedDateTime now,
                                             ServerWatch.Start start) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        f.put("shop", target.label() + " " + target.commit());
        f.put("built and run from", target.folder().toString());
        f.put("machine", cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory());
        f.put("kernel", sh("uname", "-sr"));
        f.put("Java (bench)", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        f.put("Liberty", start.product());
        f.put("MariaDB", String.valueOf(TestDatabase.rows("order", "SELECT VERSION() v").get(0).get("v")));
        f.put("Redis", redisVersion(URI.create(target.redisUrl())));
        f.put("server", target.baseUrl() + " (payment window " + opt.paymentWindow() + ", schemas "
                + target.schemaPrefix() + "*, " + target.redisUrl() + ")");
        f.put("load", "buyers " + opt.buyers() + ", drop units " + opt.units() + ", " + opt.sweepBuyers()
                + " more buyers for each ordering sweep (in turn), concurrency " + opt.levels()
                + ", " + opt.warmUp().toSeconds() + " s warm-up + " + opt.measure().toSeconds() + " s per level");
        f.put("load generator", "drop-bench (java.net.http, async, HTTP/1.1 keep-alive) on the same machine");
        return f;
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.0f GiB RAM", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String redisVersion(URI url) {
        try (var jedis = new redis.clients.jedis.Jedis(url.getHost(), url.getPort())) {
            return Arrays.stream(jedis.info("server").split("\r?\n")).filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length())).collect(Collectors.joining());
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String sh(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /**
     * {@code POST /order/orders} of {@code body} by the buyers of {@code pool} in turn, each request
     * under its own Idempotency-Key for the whole run (a key used again would be answered as a replay):
     * every buyer asks equally often, so the shop's per-account buy limit binds only past
     * 2 attempts/s per buyer of the pool.
     */
    static IntFunction<HttpRequest> inTurn(Driver driver, List<BenchBuyers.Buyer> pool, String body, String keyPrefix) {
        AtomicLong sequence = new AtomicLong();
        return n -> {
            long i = sequence.getAndIncrement();
            return driver.post("/order/orders", pool.get((int) (i % pool.size())).token(), body, keyPrefix + i);
        };
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void log(String line) {
        System.out.println("[drop-bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
