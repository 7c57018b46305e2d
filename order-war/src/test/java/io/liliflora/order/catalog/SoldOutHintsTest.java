package io.liliflora.order.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.platform.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SoldOutHintsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aSoldOutProductIsRefusedWithTheCatalogsAnswerUntilTheHintLapses() {
        SoldOutHints hints = SoldOutHints.of(Duration.ofSeconds(1), now::get);
        hints.soldOut(7);

        ProblemException refusal = hints.refusal(List.of(3L, 7L)).orElseThrow();
        assertEquals(409, refusal.problem().getStatus());
        assertEquals("out-of-stock", refusal.problem().kind());
        assertEquals("Not enough stock left (product 7)", refusal.problem().getDetail());
        assertFalse(hints.refusal(List.of(3L)).isPresent());
        assertTrue(hints.refusal(List.of(7L)).isPresent());
        assertFalse(hints.refusal(List.of(3L)).isPresent());

        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertTrue(hints.refusal(List.of(7L)).isPresent());
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertFalse(hints.refusal(List.of(7L)).isPresent());
        assertFalse(hints.refusal(List.of(7L)).isPresent());
    }

    @Test
    void aNewRefusalExtendsTheHint() {
        SoldOutHints hints = SoldOutHints.of(Duration.ofSeconds(1), now::get);
        hints.soldOut(7);
        now.addAndGet(Duration.ofMillis(800).toNanos());
        hints.soldOut(7);
        now.addAndGet(Duration.ofMillis(800).toNanos());
        assertTrue(hints.refusal(List.of(7L)).isPresent());
    }

    @Test
    void aZeroHoldKeepsNoHint() {
        SoldOutHints hints = SoldOutHints.of(Duration.ZERO, now::get);
        hints.soldOut(7);
        assertFalse(hints.refusal(List.of(7L)).isPresent());
    }

    @Test
    void expiredHintsAreSweptOnceManyProductsSoldOut() {
        SoldOutHints hints = SoldOutHints.of(Duration.ofSeconds(1), now::get);
        for (long id = 1; id <= 10_001; id++) {
            hints.soldOut(id);
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        hints.soldOut(20_000);
        assertEquals(1, hints.size());
        assertTrue(hints.refusal(List.of(20_000L)).isPresent());
    }
}
