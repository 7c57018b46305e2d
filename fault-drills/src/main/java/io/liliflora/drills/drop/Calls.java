package io.liliflora.drills.drop;

import io.liliflora.testkit.Http;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Every HTTP call of a run goes through here: answers are counted by status and problem kind,
 * the slowest one is kept, and a call that hit the client's timeout (testkit {@link Http}: 30 s)
 * is counted as hung.
 */
public final class Calls {

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final LongAdder hung = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final AtomicLong slowestMillis = new AtomicLong();

    /** The answer, or null when none came (connection refused or reset, or hung). */
    public Http.Reply call(String what, Supplier<Http.Reply> call) {
        long start = System.nanoTime();
        total.increment();
        try {
            Http.Reply reply = call.get();
            String kind = reply.status() >= 400 && String.valueOf(reply.contentType()).contains("problem")
                    ? reply.status() + " " + safeKind(reply) : Integer.toString(reply.status());
            count(what + " " + kind);
            return reply;
        } catch (IllegalStateException e) {
            if (causedBy(e, HttpTimeoutException.class)) {
                hung.increment();
                count(what + " hung");
            } else {
                count(what + " no answer");
            }
            return null;
        } finally {
            slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
        }
    }

    private static String safeKind(Http.Reply reply) {
        try {
            return reply.problemKind();
        } catch (RuntimeException | AssertionError notJson) {
            return "?";
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private void count(String key) {
        answers.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public long hung() {
        return hung.sum();
    }

    public long total() {
        return total.sum();
    }

    public long slowestMillis() {
        return slowestMillis.get();
    }

    public long count(String prefix, String status) {
        return answers.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + " " + status))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** 5xx answers other than 503 (a dependency down is a 503 with Retry-After, anything else is a defect). */
    public long otherServerErrors() {
        return answers.entrySet().stream().filter(e -> {
            String[] parts = e.getKey().split(" ");
            return parts.length > 1 && parts[1].startsWith("5") && !parts[1].equals("503");
        }).mapToLong(e -> e.getValue().sum()).sum();
    }

    public Map<String, Long> answers() {
        Map<String, Long> sorted = new TreeMap<>();
        answers.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
