package io.liliflora.bench;

import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The drop benchmark (scripts/drop-bench): against a shop started the README's way, seeds bench
 * buyers, then in one run measures the product-detail ceiling, a hot drop with its correctness
 * counters, sold-out answers and steady ordering of a NORMAL product at rising concurrency, runs
 * the stock-engine comparison, and writes docs/benchmarks/drop-bench-&lt;date&gt;.{md,html}.
 */
public final class DropBench {

    record Options(String baseUrl, int buyers, int units, List<Integer> levels, Duration warmUp, Duration measure,
                   Duration paymentWindow, Path wlp, Path out, boolean stockBench, Path checkout, String only) {

        static Options parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument " + a);
                }
                if (a.equals("--no-stock-bench")) {
                    o.put("stock-bench", "false");
                } else if (a.contains("=")) {
                    o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else {
                    o.put(a.substring(2), args[++i]);
                }
            }
            Path checkout = Path.of(o.getOrDefault("checkout", ".")).toAbsolutePath().normalize();
            return new Options(o.getOrDefault("base-url", "http://localhost:9080"),
                    Integer.parseInt(o.getOrDefault("buyers", "2000")), Integer.parseInt(o.getOrDefault("units", "500")),
                    Arrays.stream(o.getOrDefault("levels", "1,2,4,8,16,32,64").split(",")).map(String::trim)
                            .map(Integer::valueOf).toList(),
                    Duration.ofSeconds(Long.parseLong(o.getOrDefault("warm-up", "2"))),
                    Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "8"))),
                    Duration.parse(o.getOrDefault("payment-window", "PT30S")),
                    Path.of(o.getOrDefault("wlp", checkout.resolve("target/liberty/wlp").toString())),
                    Path.of(o.getOrDefault("out", checkout.resolve("docs/benchmarks").toString())),
                    Boolean.parseBoolean(o.getOrDefault("stock-bench", "true")), checkout, o.get("only"));
        }
    }

    public static void main(String[] args) throws Exception {
        Options opt = Options.parse(args);
        System.setProperty("liberty.wlp.dir", opt.wlp().toString());
        System.setProperty("it.db.prefix", env("LILIFLORA_DB_SCHEMA_PREFIX", "liliflora_"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        BenchShop shop = new BenchShop(opt.baseUrl());
        if (!shop.up()) {
            throw new IllegalStateException("No shop answering at " + opt.baseUrl() + "; start it the README's way");
        }
        int port = URI.create(opt.baseUrl()).getPort();
        Map<String, String> loads = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        loads.put("start", ServerWatch.loadAverage());
        try (Driver driver = new Driver(opt.baseUrl());
             ServerWatch watch = new ServerWatch(ServerWatch.pidListeningOn(port < 0 ? 80 : port))) {
            if (watch.pid() < 0) {
                notes.add("The server process was not found listening on port " + port + ": no RSS figures.");
            }
            log("seeding " + opt.buyers() + " bench buyers (run " + run + ")");
            List<BenchBuyers.Buyer> buyers = new BenchBuyers(TestTokens.keysDir()).seed(run, opt.buyers(),
                    Duration.ofHours(2));
            long normal = shop.createNormal("Bench bouquet " + run, 50_000_000);
            long soldOut = shop.createNormal("Bench sold-out vase " + run, 0);
            CpuMeter cpu = CpuMeter.forRun(watch.pid(), Integer.parseInt(env("LILIFLORA_DB_PORT", "3306")),
                    redisUrl().getPort());
            Sweep sweep = new Sweep(driver, DropBench::log, cpu);
            String normalBody = "{\"items\":[{\"productId\":" + normal + ",\"quantity\":1}]}";
            String soldOutBody = "{\"items\":[{\"productId\":" + soldOut + ",\"quantity\":1}]}";

            if ("drop".equals(opt.only())) {
                HotDrop.Result drop = new HotDrop(driver, shop, DropBench::log).run(run, buyers, opt.units(),
                        opt.paymentWindow(), Duration.ofSeconds(12));
                log("hot drop: " + drop.outcomes().counts() + ", 201 p99 " + drop.outcomes().ms("201", 99)
                        + " ms, oversold " + drop.oversold() + ", undersold " + drop.undersold() + ", duplicates "
                        + drop.duplicates() + ", server errors " + drop.serverErrors());
                return;
            }
            if (opt.only() != null) {
                profileOnly(opt, sweep, driver, buyers, run, normalBody, soldOutBody, normal);
                return;
            }
            log("warm-up");
            driver.closedLoop(8, Duration.ofSeconds(20), n -> n % 2 == 0
                    ? driver.get("/catalog/products/" + normal, null)
                    : driver.post("/order/orders", pick(buyers).token(), normalBody, run + "-warm-" + n));

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
                            n -> driver.post("/order/orders", pick(buyers).token(), soldOutBody, run + "-so-" + n)),
                    new Sweep.Kind("2. Steady ordering of a NORMAL product: POST /order/orders", "201",
                            n -> driver.post("/order/orders", pick(buyers).token(), normalBody, run + "-n-" + n))),
                    // The orders of one level expire a payment window later: waited for before the
                    // next level, or their expiry steps and stock releases would share its seconds.
                    opt.levels(), opt.warmUp(), opt.measure(), () -> awaitExpiry(shop, normal, opt.paymentWindow()));
            Sweep.Result reads = sweeps.get(0);
            Sweep.Result refused = sweeps.get(1);
            Sweep.Result orders = sweeps.get(2);
            loads.put("after the HTTP scenarios", ServerWatch.loadAverage());

            StockEngineBench.Result stock = null;
            if (opt.stockBench()) {
                log("stock-engine comparison: " + String.join(" ", StockEngineBench.COMMAND));
                stock = StockEngineBench.run(opt.checkout(), DropBench::log);
                loads.put("after the stock-engine comparison", ServerWatch.loadAverage());
            }

            ServerWatch.Start start = ServerWatch.lastStart(opt.wlp().resolve("usr/servers/liliflora/logs/messages.log"));
            Goals goals = goals(drop, reads, refused, orders, watch.maxRssMib(), start);
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            Map<String, String> facts = facts(opt, now, start, drop);
            Report.Run result = new Report.Run("Drop benchmark, " + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    facts, loads, drop, reads, refused, orders, stock, watch.rssSamples(), watch.maxRssMib(), start, goals,
                    notes);
            String stamp = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
            Path md = opt.out().resolve("drop-bench-" + stamp + ".md");
            Path html = opt.out().resolve("drop-bench-" + stamp + ".html");
            Report.write(result, md, html);
            System.out.println();
            System.out.println(Report.markdown(result, html.getFileName().toString()));
            log("report: " + md + " and " + html);
            if (!drop.clean()) {
                System.exit(2);
            }
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
    private static void profileOnly(Options opt, Sweep sweep, Driver driver, List<BenchBuyers.Buyer> buyers, String run,
                                    String normalBody, String soldOutBody, long normal) {
        Sweep.Kind kind = switch (opt.only()) {
            case "reads" -> new Sweep.Kind("GET /catalog/products/{id}", "200",
                    n -> driver.get("/catalog/products/" + normal, null));
            case "sold-out" -> new Sweep.Kind("POST /order/orders, sold out", "409 out-of-stock",
                    n -> driver.post("/order/orders", pick(buyers).token(), soldOutBody, run + "-so-" + n));
            case "orders" -> new Sweep.Kind("POST /order/orders", "201",
                    n -> driver.post("/order/orders", pick(buyers).token(), normalBody, run + "-n-" + n));
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
        g.zero("hot drop oversold", drop.oversold());
        g.zero("hot drop undersold (after expiry)", drop.undersold());
        g.zero("hot drop duplicate orders", drop.duplicates());
        g.zero("hot drop server errors", drop.serverErrors());
        g.zero("server errors in the sweeps", reads.serverErrors() + refused.serverErrors() + orders.serverErrors());
        g.below("server RSS, max over the run", maxRss, 1024, " MiB");
        g.below("EAR start (last start in messages.log)", start.applicationSeconds().orElse(Double.NaN), 15, " s");
        return g;
    }

    private static Map<String, String> facts(Options opt, ZonedDateTime now, ServerWatch.Start start, HotDrop.Result drop) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        f.put("commit", sh("git", "-C", opt.checkout().toString(), "describe", "--always", "--dirty"));
        f.put("machine", cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory());
        f.put("kernel", sh("uname", "-sr"));
        f.put("Java (bench)", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        f.put("Liberty", start.product());
        f.put("MariaDB", String.valueOf(TestDatabase.rows("order", "SELECT VERSION() v").get(0).get("v")));
        f.put("Redis", redisVersion());
        f.put("server", opt.baseUrl() + " (payment window " + opt.paymentWindow() + ")");
        f.put("load", "buyers " + opt.buyers() + ", drop units " + opt.units() + ", concurrency " + opt.levels()
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

    private static String redisVersion() {
        URI url = redisUrl();
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

    private static BenchBuyers.Buyer pick(List<BenchBuyers.Buyer> buyers) {
        return buyers.get(ThreadLocalRandom.current().nextInt(buyers.size()));
    }

    /** The Redis the server uses (the same variable and default as the server's). */
    private static URI redisUrl() {
        return URI.create(env("LILIFLORA_REDIS_URL", "redis://127.0.0.1:6379/0"));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void log(String line) {
        System.out.println("[drop-bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
