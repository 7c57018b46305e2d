package io.liliflora.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bench's command line (scripts/drop-bench passes {@code --checkout} itself).
 *
 * @param baseUrl       the current checkout's shop; the bench starts it on {@code port} when {@link #startServer()}
 * @param baseline      a git ref to build in its own folder and measure first; null for a run of one shop
 * @param startServer   the bench starts the current checkout's server the README's way ({@code --start}, or
 *                      {@code --baseline} without {@code --base-url}); otherwise it measures a running one
 * @param port          HTTP port of the current checkout's server when the bench starts it
 * @param baselinePort  HTTP port of the baseline's server
 * @param compareAt     the concurrency the side-by-side throughput ratios are read at (the 32)
 * @param jfr           record a JFR of each server for the whole run, written under target/drop-bench
 * @param sweepBuyers   buyers of each ordering sweep (sold-out, NORMAL), taken in turn: each account may try
 *                      20 buys per 10 s (the shop's buy limit), so a pool of n caps a sweep at 2n attempts/s
 */
record Options(String baseUrl, int buyers, int units, List<Integer> levels, Duration warmUp, Duration measure,
               Duration paymentWindow, Path wlp, Path out, boolean stockBench, Path checkout, String only,
               String baseline, boolean startServer, int port, int baselinePort, int compareAt, boolean jfr,
               int sweepBuyers) {

    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("no-stock-bench", "start", "jfr");
    private static final Set<String> VALUED = Set.of("base-url", "buyers", "units", "levels", "warm-up", "seconds",
            "payment-window", "wlp", "out", "checkout", "only", "baseline", "port", "baseline-port", "compare-at",
            "sweep-buyers");

    static Options parse(String... args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + a);
            }
            String name = a.contains("=") ? a.substring(2, a.indexOf('=')) : a.substring(2);
            if (FLAGS.contains(name)) {
                o.put(name, "true");
            } else if (!VALUED.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            } else if (a.contains("=")) {
                o.put(name, a.substring(a.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                o.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        Path checkout = Path.of(o.getOrDefault("checkout", ".")).toAbsolutePath().normalize();
        String baseline = o.get("baseline");
        if (baseline != null && baseline.isBlank()) {
            throw new IllegalArgumentException("--baseline needs a git ref (a commit, tag or branch)");
        }
        // The bench starts the current checkout's server too when it compares (both the README's way,
        // each on its own port, schemas and Redis database), unless it is told where one already runs.
        boolean start = o.containsKey("start") || baseline != null && !o.containsKey("base-url");
        if (start && o.containsKey("base-url")) {
            throw new IllegalArgumentException("--start starts the checkout's server on --port; drop --base-url");
        }
        int port = Integer.parseInt(o.getOrDefault("port", "9390"));
        int baselinePort = Integer.parseInt(o.getOrDefault("baseline-port", "9380"));
        if (baseline != null && start && port == baselinePort) {
            throw new IllegalArgumentException("--port and --baseline-port must differ");
        }
        String only = o.get("only");
        if (only != null && baseline != null) {
            throw new IllegalArgumentException("--only writes no report: run it without --baseline");
        }
        if (only != null && !Set.of("reads", "sold-out", "orders", "drop").contains(only)) {
            throw new IllegalArgumentException("--only takes reads, sold-out, orders or drop");
        }
        List<Integer> levels = Arrays.stream(o.getOrDefault("levels", "1,2,4,8,16,32,64").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        if (levels.isEmpty() || levels.stream().anyMatch(l -> l < 1)) {
            throw new IllegalArgumentException("--levels takes positive concurrency levels, e.g. 1,2,4");
        }
        return new Options(start ? "http://localhost:" + port : o.getOrDefault("base-url", "http://localhost:9080"),
                Integer.parseInt(o.getOrDefault("buyers", "2000")), Integer.parseInt(o.getOrDefault("units", "500")),
                levels, Duration.ofSeconds(Long.parseLong(o.getOrDefault("warm-up", "2"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "8"))),
                Duration.parse(o.getOrDefault("payment-window", "PT30S")),
                Path.of(o.getOrDefault("wlp", checkout.resolve("target/liberty/wlp").toString())),
                Path.of(o.getOrDefault("out", checkout.resolve("docs/benchmarks").toString())),
                !o.containsKey("no-stock-bench"), checkout, only, baseline, start, port, baselinePort,
                Integer.parseInt(o.getOrDefault("compare-at", "32")), o.containsKey("jfr"),
                Integer.parseInt(o.getOrDefault("sweep-buyers", "5000")));
    }

    /** Where the bench keeps what it builds and records (baseline folders, server logs, JFR files): never committed. */
    Path work() {
        return checkout.resolve("target/drop-bench");
    }
}
