package io.liliflora.order;

import java.time.Instant;
import java.util.Optional;

/**
 * One second of due times. Every automatic step due within {@code [second, second + 1s)} is
 * moved by one EJB persistent timer that fires at {@link #end()}, the first instant after the
 * bucket, together with whatever is overdue from earlier seconds. Firing at the end (never at
 * the start) means no step runs before its due time: an order may be paid until its deadline.
 */
public record StepBucket(long second) {

    static final String PREFIX = "bucket:";

    /** The bucket a due time falls in (floor of its epoch second, also before 1970). */
    public static StepBucket of(Instant due) {
        return new StepBucket(due.getEpochSecond());
    }

    /** When the bucket's timer fires; orders due strictly before it are moved. */
    public Instant end() {
        return Instant.ofEpochSecond(second + 1);
    }

    /** What the timer carries, readable by every later build. */
    public String info() {
        return PREFIX + second;
    }

    /** The bucket a timer's info names, or empty for a timer of another kind (e.g. {@link StepDue}). */
    public static Optional<StepBucket> decode(String info) {
        if (info == null || !info.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StepBucket(Long.parseLong(info.substring(PREFIX.length()))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a step bucket: " + info, e);
        }
    }
}
