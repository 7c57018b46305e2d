package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerCostsTest {

    /** A one-second level of {@code answers} answers during which the machine was busy {@code machine} s. */
    private static Sweep.Result sweep(int answers, Shot shot, double server, double machine) {
        Outcomes o = new Outcomes();
        for (int i = 0; i < answers; i++) {
            o.record(shot);
        }
        CpuMeter.Use cpu = new CpuMeter.Use(Map.of("server", server, "load generator", 0.1), machine, 2.0);
        return new Sweep.Result(shot.outcome(), shot.outcome(), List.of(new Sweep.Level(16, 1.0, o, shot.outcome(), cpu)));
    }

    private static Report.Run run(Sweep.Result reads, Sweep.Result soldOut, Sweep.Result orders) {
        return new Report.Run("t", Map.of(), Map.of(), null, reads, soldOut, orders, null, List.of(), 0, null,
                new Goals(), List.of());
    }

    private static final Shot READ = Shot.of(200, "{}", null, 0, 1_000_000);
    private static final Shot PLACED = Shot.of(201, "{}", null, 0, 1_000_000);
    private static final Shot REFUSED = Shot.of(409,
            "{\"type\":\"https://liliflora.io/problems/out-of-stock\",\"status\":409}", null, 0, 1_000_000);

    @Test
    void eachAnswerCostsItsLevelsCpuOverItsAnswersByProcessAndForTheMachine() {
        List<AnswerCosts.Row> rows = AnswerCosts.rows(run(sweep(2000, READ, 1.0, 2.0), sweep(1000, REFUSED, 1.2, 2.0),
                sweep(200, PLACED, 1.5, 2.0)));
        assertEquals(3, rows.size());
        AnswerCosts.Row order = rows.get(2);
        assertEquals("placed order (201) at 16", order.name());
        assertEquals(7.5, order.processMs().get(0), 1e-9); // server: 1.5 s over 200 orders
        assertTrue(Double.isNaN(order.processMs().get(1))); // MariaDB not watched
        assertEquals(0.5, order.processMs().get(3), 1e-9); // load generator
        assertEquals(10.0, order.machineMs(), 1e-9);
        assertEquals(1.0, order.busyShare(), 1e-9);
    }

    @Test
    void theBudgetStatesTheGoalsAsReadsWorthOfCpu() {
        String budget = AnswerCosts.budget(run(sweep(2000, READ, 1.0, 2.0), sweep(1000, REFUSED, 1.2, 2.0),
                sweep(200, PLACED, 1.5, 2.0))).orElseThrow();
        assertTrue(budget.contains("cost 2.5 reads, 2.50 ms; it cost 10.00 ms (10.0 reads)"), budget);
        assertTrue(budget.contains("cost 1.25 reads, 1.25 ms; it cost 2.00 ms (2.0 reads)"), budget);
    }

    @Test
    void noBudgetWhenTheReadsWereNotMetered() {
        Outcomes o = new Outcomes();
        o.record(READ);
        Sweep.Result unmetered = new Sweep.Result("r", "200", List.of(new Sweep.Level(1, 1.0, o, "200")));
        Report.Run r = run(unmetered, sweep(1000, REFUSED, 1.2, 2.0), sweep(200, PLACED, 1.5, 2.0));
        assertEquals(2, AnswerCosts.rows(r).size());
        assertTrue(AnswerCosts.budget(r).isEmpty());
    }

    @Test
    void levelsMeasuredWithoutAMeterGiveNoCostSection() {
        Outcomes o = new Outcomes();
        o.record(READ);
        Sweep.Result unmetered = new Sweep.Result("r", "200", List.of(new Sweep.Level(1, 1.0, o, "200")));
        Report.Run r = run(unmetered, null, null);
        assertTrue(AnswerCosts.rows(r).isEmpty());
        StringBuilder m = new StringBuilder();
        AnswerCosts.markdown(r, m);
        assertEquals("", m.toString());
    }
}
