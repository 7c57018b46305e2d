package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

    private static Sweep.Level level(int users, int ok, int other) {
        Outcomes o = new Outcomes();
        for (int i = 0; i < ok; i++) {
            o.record(new Shot(201, "", "/order/orders/" + i, 0, 2_000_000));
        }
        for (int i = 0; i < other; i++) {
            o.record(new Shot(503, "busy", null, 0, 1_000_000));
        }
        return new Sweep.Level(users, 1.0, o, "201");
    }

    @Test
    void theKneeIsTheFirstLevelWithinTenPercentOfTheBest() {
        Sweep.Result r = new Sweep.Result("orders", "201",
                List.of(level(1, 100, 0), level(2, 180, 0), level(4, 300, 0), level(8, 320, 5), level(16, 310, 0)));
        assertEquals(8, r.best().users());
        assertEquals(4, r.knee().users(), "300 is within 10 % of 320");
        assertEquals(5, r.at(8).unexpected());
        assertEquals(5, r.serverErrors());
    }

    @Test
    void answersAreSortedByStatusAndProblemKind() {
        Shot soldOut = Shot.of(409, "{\"type\":\"https://liliflora.io/problems/out-of-stock\",\"status\":409}", null, 0, 5);
        assertEquals("409 out-of-stock", soldOut.outcome());
        assertEquals("transport error", Shot.failed(0, 1).outcome());
        assertTrue(Shot.failed(0, 1).serverError());
        assertEquals("201", Shot.of(201, "{}", "/order/orders/1", 0, 1).outcome());
    }

    @Test
    void aChartNamesItsSeriesAndDrawsTheGoalLine() {
        String svg = new Chart("t", "x", "y", Chart.Scale.LOG2)
                .add("reads", "#000", List.of(new double[] {1, 10}, new double[] {2, 30}))
                .mark(25, "goal").svg();
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"), svg);
        assertTrue(svg.contains(">reads<") && svg.contains(">goal<"), svg);
    }
}
