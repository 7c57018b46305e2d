package io.liliflora.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.platform.crypto.KeyRing;
import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.ProblemException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final OrderTimings TIMINGS = OrderTimings.of(Duration.ofMinutes(10), Duration.ofDays(1),
            Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PersonalDataCipher CIPHER = new PersonalDataCipher(KeyRing.from(KeyRing.generate(RANDOM)), RANDOM);

    private static Order pending() {
        return Order.open("o-1", "7", List.of(new OrderLine(1, "Lily", 12_000, 2), new OrderLine(2, "Rose", 5_500, 1)),
                new Order.Shipping("Kim", "010-1234-5678", "Seoul"), CIPHER, T0, Duration.ofMinutes(10));
    }

    @Test
    void shippingIsSealedUnderTheActiveKeyAndOpensOnlyWithTheRing() {
        Order order = pending();
        assertEquals("k1", order.piiKeyId());
        assertEquals(new Order.Shipping("Kim", "010-1234-5678", "Seoul"), order.shipping(CIPHER));
        PersonalDataCipher otherRing = new PersonalDataCipher(KeyRing.from(KeyRing.generate(RANDOM)), RANDOM);
        assertThrows(IllegalStateException.class, () -> order.shipping(otherRing));
    }

    @Test
    void anOrderWithoutShippingDetailsShowsNone() {
        Order order = Order.open("o-2", "7", List.of(new OrderLine(1, "Lily", 12_000, 1)), null, CIPHER, T0,
                Duration.ofMinutes(10));
        assertEquals(new Order.Shipping(null, null, null), order.shipping(CIPHER));
    }

    @Test
    void openComputesTotalDeadlineAndFirstTimelineStep() {
        Order order = pending();
        assertEquals(29_500, order.total());
        assertEquals(T0.plus(Duration.ofMinutes(10)), order.paymentDeadline());
        assertEquals(OrderStatus.PAYMENT_PENDING, order.status());
        assertEquals(1, order.timeline().size());
        assertEquals(OrderStatus.PAYMENT_PENDING, order.timeline().get(0).status());
    }

    @Test
    void totalRefusesToOverflow() {
        assertThrows(ArithmeticException.class, () -> Order.totalOf(List.of(
                new OrderLine(1, "a", Long.MAX_VALUE / 2, 3))));
        assertThrows(ArithmeticException.class, () -> Order.totalOf(List.of(
                new OrderLine(1, "a", Long.MAX_VALUE - 1, 1), new OrderLine(2, "b", 2, 1))));
    }

    @Test
    void fullLifeAppendsEveryStepAndNamesTheStockCalls() {
        Order order = pending();
        assertEquals(StockAction.CONFIRM, order.moveTo(OrderStatus.PAID, T0.plusSeconds(1), "x", TIMINGS.untilAutomaticStep(OrderStatus.PAID)));
        assertEquals(StockAction.NONE, order.moveTo(OrderStatus.SHIPPING, T0.plusSeconds(2), "x", TIMINGS.untilAutomaticStep(OrderStatus.SHIPPING)));
        assertEquals(StockAction.NONE, order.moveTo(OrderStatus.DELIVERED, T0.plusSeconds(3), "x", TIMINGS.untilAutomaticStep(OrderStatus.DELIVERED)));
        assertEquals(T0.plusSeconds(3), order.deliveredAt());
        assertEquals(StockAction.NONE, order.moveTo(OrderStatus.RETURN_REQUESTED, T0.plusSeconds(4), "x", TIMINGS.untilAutomaticStep(OrderStatus.RETURN_REQUESTED)));
        assertEquals(StockAction.RESTOCK, order.moveTo(OrderStatus.RETURNED, T0.plusSeconds(5), "x", TIMINGS.untilAutomaticStep(OrderStatus.RETURNED)));
        assertEquals(List.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAID, OrderStatus.SHIPPING, OrderStatus.DELIVERED,
                OrderStatus.RETURN_REQUESTED, OrderStatus.RETURNED),
                order.timeline().stream().map(TimelineEntry::status).toList());
    }

    @Test
    void expiryAndCancelReleaseWhilePendingCancelAfterPaymentRestocks() {
        assertEquals(StockAction.RELEASE, pending().moveTo(OrderStatus.EXPIRED, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.EXPIRED)));
        assertEquals(StockAction.RELEASE, pending().moveTo(OrderStatus.CANCELLED, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.CANCELLED)));
        Order paid = pending();
        paid.moveTo(OrderStatus.PAID, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.PAID));
        assertEquals(StockAction.RESTOCK, paid.moveTo(OrderStatus.CANCELLED, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.CANCELLED)));
    }

    @Test
    void illegalStepsAre409WithTheCallersKindAndChangeNothing() {
        Order order = pending();
        order.moveTo(OrderStatus.EXPIRED, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.EXPIRED));
        ProblemException e = assertThrows(ProblemException.class,
                () -> order.moveTo(OrderStatus.PAID, T0, "not-payable", TIMINGS.untilAutomaticStep(OrderStatus.PAID)));
        assertEquals(409, e.problem().getStatus());
        assertEquals("not-payable", e.problem().kind());
        assertEquals(OrderStatus.EXPIRED, order.status());
        assertEquals(2, order.timeline().size());
        // A second expiry (a timer firing twice) is refused too.
        assertThrows(ProblemException.class, () -> order.moveTo(OrderStatus.EXPIRED, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.EXPIRED)));
    }

    @Test
    void terminalStatusesHaveNoNextStepAndShippingCannotBeCancelled() {
        for (OrderStatus s : EnumSet.of(OrderStatus.EXPIRED, OrderStatus.CANCELLED, OrderStatus.RETURNED)) {
            assertTrue(s.next().isEmpty(), s::name);
        }
        assertFalse(OrderStatus.SHIPPING.canMoveTo(OrderStatus.CANCELLED));
        assertFalse(OrderStatus.DELIVERED.canMoveTo(OrderStatus.CANCELLED));
        assertFalse(OrderStatus.PAYMENT_PENDING.canMoveTo(OrderStatus.SHIPPING));
    }

    @Test
    void refundsOnlyWhenMoneyWasTaken() {
        assertTrue(OrderStatus.PAID.refundsTo(OrderStatus.CANCELLED));
        assertTrue(OrderStatus.RETURN_REQUESTED.refundsTo(OrderStatus.RETURNED));
        assertFalse(OrderStatus.PAYMENT_PENDING.refundsTo(OrderStatus.CANCELLED));
        assertFalse(OrderStatus.PAYMENT_PENDING.refundsTo(OrderStatus.EXPIRED));
    }

    @Test
    void payableStrictlyBeforeTheDeadline() {
        Order order = pending();
        assertTrue(order.payableAt(order.paymentDeadline().minusMillis(1)));
        assertFalse(order.payableAt(order.paymentDeadline()));
        order.moveTo(OrderStatus.CANCELLED, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.CANCELLED));
        assertFalse(order.payableAt(T0));
    }

    @Test
    void returnableOnlyWhenDeliveredAndWithinTheWindow() {
        Order order = pending();
        Duration window = Duration.ofDays(1);
        assertFalse(order.returnableAt(T0, window));
        order.moveTo(OrderStatus.PAID, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.PAID));
        order.moveTo(OrderStatus.SHIPPING, T0, "x", TIMINGS.untilAutomaticStep(OrderStatus.SHIPPING));
        Instant delivered = T0.plusSeconds(60);
        order.moveTo(OrderStatus.DELIVERED, delivered, "x", TIMINGS.untilAutomaticStep(OrderStatus.DELIVERED));
        assertTrue(order.returnableAt(delivered.plus(window).minusMillis(1), window));
        assertFalse(order.returnableAt(delivered.plus(window), window));
    }

    @Test
    void ownership() {
        assertTrue(pending().belongsTo("7"));
        assertFalse(pending().belongsTo("8"));
    }

    @Test
    void timerInfoRoundTrips() {
        StepDue step = new StepDue("0b6f-uuid", OrderStatus.PAID, OrderStatus.SHIPPING);
        assertEquals(step, StepDue.decode(step.encode()));
        assertThrows(IllegalArgumentException.class, () -> StepDue.decode("garbage"));
    }
}
