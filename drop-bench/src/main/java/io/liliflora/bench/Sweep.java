package io.liliflora.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One kind of request at rising concurrency (closed loop, a short unrecorded warm-up per level):
 * throughput and latency per level, and the knee, the lowest concurrency that reaches 90 % of the
 * best throughput (past it, more callers only queue).
 */
public final class Sweep {

    public record Level(int users, double seconds, Outcomes outcomes, String expected) {

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

    public Sweep(Driver driver, Consumer<String> log) {
        this.driver = driver;
        this.log = log;
    }

    public Result run(String name, String expected, List<Integer> concurrency, Duration warmUp, Duration measure,
                      IntFunction<HttpRequest> request) {
        List<Level> levels = new ArrayList<>();
        for (int users : concurrency) {
            driver.closedLoop(users, warmUp, request);
            long start = System.nanoTime();
            Outcomes outcomes = driver.closedLoop(users, measure, request);
            double seconds = (System.nanoTime() - start) / 1e9;
            Level level = new Level(users, seconds, outcomes, expected);
            levels.add(level);
            log.accept(String.format("%s x%d: %.0f/s, p50 %.1f ms, p99 %.1f ms, other answers %s", name, users,
                    level.perSecond(), level.ms(50), level.ms(99), level.unexpected() == 0 ? "none" : outcomes.counts()));
        }
        return new Result(name, expected, levels);
    }
}
