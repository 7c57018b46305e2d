package io.liliflora.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One kind of request at rising concurrency (closed loop, a short unrecorded warm-up per level):
 * throughput and latency per level, and the knee, the lowest concurrency that reaches 90 % of the
 * best throughput (past it, more callers only queue).
 */
public final class Sweep {

    /** {@code cpu}: what the watched processes spent while it was measured (null when not metered). */
    public record Level(int users, double seconds, Outcomes outcomes, String expected, CpuMeter.Use cpu) {

        public Level(int users, double seconds, Outcomes outcomes, String expected) {
            this(users, seconds, outcomes, expected, null);
        }

        public long ok() {
            return outcomes.count(expected);
        }

        public double perSecond() {
            return ok() / seconds;
        }

        public double ms(double percentile) {
            return outcomes.ms(expected, percentile);
        }

        public long unexpected() {
            return outcomes.counts().entrySet().stream().filter(e -> !e.getKey().equals(expected))
                    .mapToLong(java.util.Map.Entry::getValue).sum();
        }
    }

    public record Result(String name, String expected, List<Level> levels) {

        public Level best() {
            return levels.stream().max((a, b) -> Double.compare(a.perSecond(), b.perSecond())).orElseThrow();
        }

        public Level knee() {
            double best = best().perSecond();
            return levels.stream().filter(l -> l.perSecond() >= 0.9 * best).findFirst().orElseThrow();
        }

        public Level at(int users) {
            return levels.stream().filter(l -> l.users() == users).findFirst().orElse(null);
        }

        public long serverErrors() {
            return levels.stream().mapToLong(l -> l.outcomes().serverErrors()).sum();
        }
    }

    private final Driver driver;
    private final Consumer<String> log;
    private final CpuMeter cpu;

    public Sweep(Driver driver, Consumer<String> log, CpuMeter cpu) {
        this.driver = driver;
        this.log = log;
        this.cpu = cpu;
    }

    /** One kind of request to sweep: its name, the answer it should get, how to build the n-th one. */
    public record Kind(String name, String expected, IntFunction<HttpRequest> request) {
    }

    /**
     * Every kind at every level, the kinds back to back within a level: on a shared machine whose
     * load drifts by the minute, the ratio of two kinds at one level compares seconds-apart figures.
     */
    public List<Result> run(List<Kind> kinds, List<Integer> concurrency, Duration warmUp, Duration measure) {
        return run(kinds, concurrency, warmUp, measure, () -> { });
    }

    /** As above, with {@code settle} run before each level (e.g. until the last level's orders expired). */
    public List<Result> run(List<Kind> kinds, List<Integer> concurrency, Duration warmUp, Duration measure,
                            Runnable settle) {
        List<List<Level>> levels = new ArrayList<>();
        kinds.forEach(k -> levels.add(new ArrayList<>()));
        for (int users : concurrency) {
            settle.run();
            for (int k = 0; k < kinds.size(); k++) {
                Kind kind = kinds.get(k);
                driver.closedLoop(users, warmUp, kind.request());
                CpuMeter.Reading before = cpu == null ? null : cpu.read();
                long start = System.nanoTime();
                Outcomes outcomes = driver.closedLoop(users, measure, kind.request());
                double seconds = (System.nanoTime() - start) / 1e9;
                Level level = new Level(users, seconds, outcomes, kind.expected(), before == null ? null : before.since());
                levels.get(k).add(level);
                log.accept(String.format("%s x%d: %.0f/s, p50 %.1f ms, p99 %.1f ms, other answers %s%s", kind.name(),
                        users, level.perSecond(), level.ms(50), level.ms(99), level.unexpected() == 0 ? "none"
                                : outcomes.counts(), cpuPerAnswer(level)));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            results.add(new Result(kinds.get(k).name(), kinds.get(k).expected(), levels.get(k)));
        }
        return results;
    }

    /** ", CPU ms per answer: server 1.23, ..." for the log (what --only runs are for). */
    private static String cpuPerAnswer(Level level) {
        if (level.cpu() == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(", CPU ms per answer:");
        level.cpu().seconds().keySet().forEach(p -> b.append(String.format(Locale.ROOT, " %s %.2f,", p,
                level.cpu().msPer(p, level.ok()))));
        return b.append(String.format(Locale.ROOT, " machine %.2f (busy %.0f %%)",
                level.cpu().machineMsPer(level.ok()), 100 * level.cpu().busyShare())).toString();
    }
}
