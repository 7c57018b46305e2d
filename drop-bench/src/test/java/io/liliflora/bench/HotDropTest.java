package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HotDropTest {

    private static final long MS = 1_000_000L;

    private static HotDrop.Result drop(Outcomes o, long openingNanos) {
        return new HotDrop.Result(7, 3, 1, o, openingNanos, openingNanos + 20 * MS, 0, 1, 1, 0, null, null, 0, 0, 0,
                o.serverErrors(), 0, Duration.ZERO, 1, 0);
    }

    @Test
    void answersCountFromTheOpeningNotFromTheirOwnSend() {
        Outcomes o = new Outcomes();
        long opening = 5_000 * MS;
        // placed: sent 20 ms after the opening, answered 180 ms later
        o.record(new Shot(201, "", "/order/orders/1", opening + 20 * MS, 180 * MS));
        // refused after a sale-not-open retry sent 1.9 s after the opening, answered 0.3 s later
        o.record(new Shot(409, "out-of-stock", null, opening + 1_900 * MS, 300 * MS));
        // a double-click's twin answered 2.5 s after the opening
        o.record(new Shot(201, "", "/order/orders/1", opening + 20 * MS, 2_480 * MS));
        HotDrop.Result d = drop(o, opening);
        assertEquals(200, d.msFromOpening(o.shots().iterator().next()), 1e-9);
        assertEquals(3, d.answers());
        assertEquals(2, d.answeredLaterThan(2000));
        assertEquals(2_500, d.lastAnswerMs(), 1e-9);
        assertEquals(2_500, d.fromOpeningMs("201", 99), 2.5, "HdrHistogram keeps 3 digits");
        assertEquals(200, d.fromOpeningMs("201", 50), 0.2);
        assertTrue(Double.isNaN(d.fromOpeningMs("503", 99)));
    }

    @Test
    void aDropWithoutAnswersHasNoLastAnswer() {
        HotDrop.Result d = drop(new Outcomes(), 0);
        assertEquals(0, d.answeredLaterThan(2000));
        assertTrue(Double.isNaN(d.lastAnswerMs()));
    }
}
