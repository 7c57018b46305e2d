package io.liliflora.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies per answer class (HdrHistogram, 1 us .. 60 s, 3 digits) plus every shot for timelines. */
public final class Outcomes {

    private final Map<String, ConcurrentHistogram> byOutcome = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Shot> shots = new ConcurrentLinkedQueue<>();

    public void record(Shot shot) {
        shots.add(shot);
        byOutcome.computeIfAbsent(shot.outcome(), k -> new ConcurrentHistogram(1_000, 60_000_000_000L, 3))
                .recordValue(Math.max(1_000, Math.min(shot.latencyNanos(), 60_000_000_000L)));
    }

    public Histogram histogram(String outcome) {
        ConcurrentHistogram h = byOutcome.get(outcome);
        return h == null ? new Histogram(1_000, 60_000_000_000L, 3) : h;
    }

    public long count(String outcome) {
        return histogram(outcome).getTotalCount();
    }

    /** Outcome -> count, sorted by name. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        byOutcome.forEach((k, v) -> counts.put(k, v.getTotalCount()));
        return counts;
    }

    public long serverErrors() {
        return shots.stream().filter(Shot::serverError).count();
    }

    public Iterable<Shot> shots() {
        return shots;
    }

    /** Milliseconds at percentile {@code p} (0..100) of one outcome; NaN when it never happened. */
    public double ms(String outcome, double p) {
        Histogram h = histogram(outcome);
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
    }
}
