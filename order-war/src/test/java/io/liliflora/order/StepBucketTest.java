package io.liliflora.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepBucketTest {

    private static final OrderTimings TIMINGS = OrderTimings.of(Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofDays(1), Duration.ofHours(3));
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aDueTimeFallsInTheBucketOfItsSecondWhichEndsAtTheNextSecond() {
        StepBucket bucket = StepBucket.of(T0.plusMillis(999));
        assertEquals(T0.getEpochSecond(), bucket.second());
        assertEquals(T0.plusSeconds(1), bucket.end());
        assertEquals(bucket, StepBucket.of(T0));
        assertEquals(new StepBucket(T0.getEpochSecond() + 1), StepBucket.of(T0.plusSeconds(1)));
        // Before 1970 the floor still holds (no rounding towards zero).
        assertEquals(-1, StepBucket.of(Instant.ofEpochMilli(-1)).second());
        assertEquals(Instant.EPOCH, StepBucket.of(Instant.ofEpochMilli(-1)).end());
    }

    @Test
    void everyDueTimeOfTheBucketIsBeforeItsEndAndNoneIsAfterIt() {
        StepBucket bucket = StepBucket.of(T0);
        for (Instant due : List.of(T0, T0.plusMillis(1), T0.plusMillis(999), T0.plusNanos(999_999_999))) {
            assertEquals(bucket, StepBucket.of(due));
            assertTrue(due.isBefore(bucket.end()), due::toString);
        }
        assertFalse(T0.plusSeconds(1).isBefore(bucket.end()));
    }

    @Test
    void timerInfoRoundTripsAndTellsBucketsFromTheOldPerOrderTimers() {
        StepBucket bucket = new StepBucket(1_796_551_200L);
        assertEquals("bucket:1796551200", bucket.info());
        assertEquals(Optional.of(bucket), StepBucket.decode(bucket.info()));
        String legacy = new StepDue("0b6f-uuid", OrderStatus.PAID, OrderStatus.SHIPPING).encode();
        assertEquals(Optional.empty(), StepBucket.decode(legacy));
        assertEquals(Optional.empty(), StepBucket.decode(null));
        assertThrows(IllegalArgumentException.class, () -> StepBucket.decode("bucket:soon"));
    }

    @Test
    void eachStatusWithATimerStepHasItsDurationTheOthersNone() {
        assertEquals(OrderStatus.EXPIRED, OrderStatus.PAYMENT_PENDING.automaticStep());
        assertEquals(OrderStatus.SHIPPING, OrderStatus.PAID.automaticStep());
        assertEquals(OrderStatus.DELIVERED, OrderStatus.SHIPPING.automaticStep());
        assertEquals(OrderStatus.RETURNED, OrderStatus.RETURN_REQUESTED.automaticStep());
        assertEquals(Duration.ofMinutes(10), TIMINGS.untilAutomaticStep(OrderStatus.PAYMENT_PENDING));
        assertEquals(Duration.ofHours(1), TIMINGS.untilAutomaticStep(OrderStatus.PAID));
        assertEquals(Duration.ofHours(2), TIMINGS.untilAutomaticStep(OrderStatus.SHIPPING));
        assertEquals(Duration.ofHours(3), TIMINGS.untilAutomaticStep(OrderStatus.RETURN_REQUESTED));
        for (OrderStatus status : OrderStatus.values()) {
            assertEquals(status.automaticStep() == null, TIMINGS.untilAutomaticStep(status) == null, status::name);
            if (status.automaticStep() != null) {
                assertTrue(status.canMoveTo(status.automaticStep()), status::name);
            }
        }
        assertNull(OrderStatus.DELIVERED.automaticStep());
    }

    @Test
    void eachStepSetsWhenTheNextAutomaticStepIsDue() {
        Instant placed = T0.plusNanos(123_456_789);
        Order order = Order.open("o-1", "7", List.of(new OrderLine(1, "Lily", 1_000, 1)), null, null, placed,
                Duration.ofMinutes(10));
        // Milliseconds, as the column keeps them; never in a later second than the deadline.
        assertEquals(T0.plusMillis(123).plus(Duration.ofMinutes(10)), order.nextStepAt());
        Instant paid = T0.plusSeconds(5);
        order.moveTo(OrderStatus.PAID, paid, "x", TIMINGS.untilAutomaticStep(OrderStatus.PAID));
        assertEquals(paid.plus(Duration.ofHours(1)), order.nextStepAt());
        assertTrue(order.stepDueBefore(paid.plus(Duration.ofHours(1)).plusMillis(1)));
        assertFalse(order.stepDueBefore(paid.plus(Duration.ofHours(1))));
        Instant shipped = paid.plus(Duration.ofHours(1)).plusSeconds(30); // a late timer
        order.moveTo(OrderStatus.SHIPPING, shipped, "x", TIMINGS.untilAutomaticStep(OrderStatus.SHIPPING));
        assertEquals(shipped.plus(Duration.ofHours(2)), order.nextStepAt());
        order.moveTo(OrderStatus.DELIVERED, shipped.plus(Duration.ofHours(2)), "x", null);
        assertNull(order.nextStepAt());
        assertFalse(order.stepDueBefore(Instant.MAX));
        Instant asked = shipped.plus(Duration.ofHours(3));
        order.moveTo(OrderStatus.RETURN_REQUESTED, asked, "x", TIMINGS.untilAutomaticStep(OrderStatus.RETURN_REQUESTED));
        assertEquals(asked.plus(Duration.ofHours(3)), order.nextStepAt());
        order.moveTo(OrderStatus.RETURNED, asked.plus(Duration.ofHours(3)), "x", null);
        assertNull(order.nextStepAt());
    }

    @Test
    void aStepMustNameTheNextDueTimeExactlyWhenItsStatusHasATimerStep() {
        Order order = Order.open("o-2", "7", List.of(new OrderLine(1, "Lily", 1_000, 1)), null, null, T0,
                Duration.ofMinutes(10));
        assertThrows(IllegalArgumentException.class, () -> order.moveTo(OrderStatus.PAID, T0, "x", null));
        assertThrows(IllegalArgumentException.class,
                () -> order.moveTo(OrderStatus.CANCELLED, T0, "x", Duration.ofHours(1)));
        assertEquals(OrderStatus.PAYMENT_PENDING, order.status());
        order.moveTo(OrderStatus.CANCELLED, T0, "x", null);
        assertNull(order.nextStepAt());
    }
}
