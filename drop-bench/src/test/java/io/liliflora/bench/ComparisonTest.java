package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final long MS = 1_000_000L;

    /** A sweep with one level per entry of {users, answers per second}, each one second long, CPU {@code machine} s. */
    private static Sweep.Result sweep(Shot shot, double machine, int[]... levels) {
        List<Sweep.Level> result = new ArrayList<>();
        for (int[] l : levels) {
            Outcomes o = new Outcomes();
            for (int i = 0; i < l[1]; i++) {
                o.record(shot);
            }
            result.add(new Sweep.Level(l[0], 1.0, o, shot.outcome(),
                    new CpuMeter.Use(Map.of("server", machine / 2), machine, 2.0)));
        }
        return new Sweep.Result(shot.outcome(), shot.outcome(), result);
    }

    private static final Shot READ = Shot.of(200, "{}", null, 0, MS);
    private static final Shot PLACED = Shot.of(201, "{}", "/order/orders/1", 0, MS);
    private static final Shot REFUSED = Shot.of(409,
            "{\"type\":\"https://liliflora.io/problems/out-of-stock\",\"status\":409}", null, 0, MS);

    /** A drop opening at t = 0 whose 201s are answered {@code placedMs} ms and refusals {@code refusedMs} ms after it. */
    private static HotDrop.Result drop(long placedMs, long refusedMs, long oversold) {
        Outcomes o = new Outcomes();
        for (int i = 0; i < 100; i++) {
            // sent 20 ms after the opening (a retried buyer's final attempt later still)
            o.record(new Shot(201, "", "/order/orders/" + i, 20 * MS, (placedMs - 20) * MS));
        }
        for (int i = 0; i < 100; i++) {
            o.record(Shot.of(409, "{\"type\":\"x/out-of-stock\"}", null, 20 * MS, refusedMs * MS));
        }
        BenchShop.Ledger ledger = new BenchShop.Ledger(100, 50, 0, 50);
        return new HotDrop.Result(7, 200, 100, o, 0, 20 * MS, placedMs * MS, 100, 100, 50, ledger, ledger, oversold, 0,
                0, 0, 0, Duration.ZERO, 100, 50);
    }

    private static Report.Run run(HotDrop.Result drop, int orders32, int refusals32, double orderCpu, double rss) {
        return new Report.Run("t", Map.of("shop", "x"), Map.of(), drop,
                sweep(READ, 1.0, new int[] {16, 3000}, new int[] {32, 2000}),
                sweep(REFUSED, 1.0, new int[] {16, 100}, new int[] {32, refusals32}),
                sweep(PLACED, orderCpu * orders32 / 1000, new int[] {16, 10}, new int[] {32, orders32}),
                null, List.of(), rss, new ServerWatch.Start(OptionalDouble.of(20), OptionalDouble.of(10), "Open Liberty"),
                new Goals(), List.of());
    }

    private static Comparison.Row row(List<Comparison.Row> rows, String start) {
        return rows.stream().filter(r -> r.metric().startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void theGoalsOfTheIssueAreMetWhenTheCurrentShopIsThatMuchBetter() {
        List<Comparison.Row> rows = new Comparison(run(drop(6000, 7000, 0), 400, 2000, 4.7, 800),
                run(drop(400, 600, 0), 2400, 4000, 1.2, 900), 32).rows();
        Comparison.Row orders = row(rows, "placed");
        assertTrue(orders.metric().endsWith("at 32 connections"), orders.metric());
        assertEquals("400/s (x32)", orders.baseline());
        assertEquals("2,400/s (x32)", orders.current());
        assertEquals("6.00x", orders.ratio());
        assertEquals(Boolean.TRUE, orders.met());
        assertEquals(Boolean.TRUE, row(rows, "sold-out").met());
        Comparison.Row p99 = row(rows, "hot drop 201 p99 from the opening");
        assertTrue(p99.baseline().startsWith("6,00"), p99.baseline()); // HdrHistogram: 3 significant digits
        assertEquals("400 ms", p99.current());
        assertEquals(Boolean.TRUE, p99.met());
        assertEquals(Boolean.FALSE, row(rows, "hot drop 201 p99 from the opening (stretch)").met());
        assertEquals("200 of 200", row(rows, "hot drop order attempts answered > 2 s").baseline());
        assertEquals("0 of 200", row(rows, "hot drop order attempts answered > 2 s").current());
        assertEquals(Boolean.TRUE, row(rows, "hot drop order attempts answered > 2 s").met());
        assertEquals("7,000 ms", row(rows, "hot drop last answer").baseline()); // exact: not from a histogram
        assertEquals(Boolean.TRUE, row(rows, "hot drop last answer").met());
        Comparison.Row cpu = row(rows, "machine CPU per placed order");
        assertEquals("4.70 ms", cpu.baseline());
        assertEquals("1.20 ms", cpu.current());
        assertEquals(Boolean.TRUE, cpu.met());
        assertEquals(Boolean.TRUE, row(rows, "oversold").met());
        assertEquals(Boolean.TRUE, row(rows, "server RSS").met());
        assertNull(row(rows, "product reads").met(), "the yardstick has no goal");
    }

    @Test
    void anEqualShopMissesTheRatiosAndAnyCounterInEitherRunFailsIt() {
        List<Comparison.Row> rows = new Comparison(run(drop(600, 700, 1), 400, 2000, 4.7, 800),
                run(drop(450, 600, 0), 420, 2100, 4.5, 1100), 32).rows();
        assertEquals("1.05x", row(rows, "placed").ratio());
        assertEquals(Boolean.FALSE, row(rows, "placed").met());
        assertEquals(Boolean.FALSE, row(rows, "sold-out").met());
        assertEquals(Boolean.FALSE, row(rows, "hot drop 201 p99 from the opening").met(), "450 ms is not 1/8 of 600");
        assertEquals(Boolean.FALSE, row(rows, "machine CPU").met());
        assertEquals(Boolean.FALSE, row(rows, "oversold").met(), "the baseline oversold");
        assertEquals("1", row(rows, "oversold").baseline());
        assertEquals(Boolean.FALSE, row(rows, "server RSS").met());
    }

    @Test
    void buyLimitedAnswersInTheSweepsMakeTheComparisonSayThePoolWasTooSmall() {
        Report.Run limited = run(drop(600, 700, 0), 400, 2000, 4.7, 800);
        limited.orders().levels().get(1).outcomes().record(Shot.of(429,
                "{\"type\":\"https://liliflora.io/problems/too-many-requests\"}", null, 0, MS));
        List<Comparison.Row> rows = new Comparison(run(drop(600, 700, 0), 400, 2000, 4.7, 800), limited, 32).rows();
        Comparison.Row row = row(rows, "buy-limited answers (429)");
        assertEquals("0", row.baseline());
        assertEquals("1", row.current());
        assertEquals(Boolean.FALSE, row.met());
    }

    @Test
    void withoutTheComparedLevelTheRatiosAreOfEachRunsBest() {
        List<Comparison.Row> rows = new Comparison(run(drop(600, 700, 0), 400, 2000, 4.7, 800),
                run(drop(600, 700, 0), 800, 2000, 4.7, 800), 64).rows();
        Comparison.Row orders = row(rows, "placed");
        assertTrue(orders.metric().contains("best level (64 not measured)"), orders.metric());
        assertEquals("2.00x", orders.ratio());
    }

    @Test
    void ratiosOfMissingFiguresAreNotANumber() {
        assertEquals("n/a", Comparison.ratio(Double.NaN, 1));
        assertEquals("n/a", Comparison.ratio(1, 0));
        assertEquals("0.50x", Comparison.ratio(1, 2));
    }

    @Test
    void theReportPutsTheSideBySideTableAboveBothRunsSummaries() {
        Comparison c = new Comparison(run(drop(6000, 7000, 0), 400, 2000, 4.7, 800),
                run(drop(400, 600, 0), 2400, 4000, 1.2, 900), 32);
        String md = Report.markdown(c, "x.html");
        assertTrue(md.startsWith("# Drop benchmark"), md);
        assertTrue(md.contains("## Side by side"), md);
        assertTrue(md.contains("| placed `POST /order/orders` per second (NORMAL) at 32 connections | 400/s (x32) | "
                + "2,400/s (x32) | 6.00x | >= 6x baseline | met |"), md);
        assertTrue(md.contains("## CPU per answer by process, both"), md);
        assertTrue(md.contains("| placed order (201) at 32 | baseline | 400 |"), md);
        assertTrue(md.contains("| placed order (201) at 32 | current | 2,400 |"), md);
        assertTrue(md.contains("\n## t\n"), "each run's summary one level down");
        String html = Report.html(c);
        assertTrue(html.contains("<h2>Side by side</h2>"), html);
        assertTrue(html.contains("CPU per answer by process, both"), html);
    }
}
