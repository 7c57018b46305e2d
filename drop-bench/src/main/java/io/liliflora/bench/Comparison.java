package io.liliflora.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the same scenarios against a baseline build and the current checkout, side by side:
 * each goal of the order-path issue with both figures, the ratio current / baseline, the goal and
 * whether it is met. A throughput ratio is read at one concurrency ({@code at}, the 32
 * connections) when both runs measured it, else at each run's best level (and says so).
 */
record Comparison(Report.Run baseline, Report.Run current, int at) {

    /** One line of the side-by-side table; {@code met} is null for a figure without a goal. */
    record Row(String metric, String baseline, String current, String ratio, String goal, Boolean met) {
    }

    static final double ORDERS_RATIO = 6;
    static final double SOLD_OUT_RATIO = 2;
    static final double DROP_P99_FRACTION = 1.0 / 8;
    static final double DROP_P99_MS = 500;
    static final double DROP_P99_STRETCH_MS = 250;
    static final double ANSWER_WITHIN_MS = 2000;
    static final double ORDER_CPU_MS = 1.2;
    static final double RSS_MIB = 1024;

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        throughput(rows, "placed `POST /order/orders` per second (NORMAL)", Report.Run::orders, ORDERS_RATIO);
        throughput(rows, "sold-out 409s per second", Report.Run::soldOut, SOLD_OUT_RATIO);
        throughput(rows, "product reads per second (yardstick)", Report.Run::reads, Double.NaN);

        double b99 = dropFromOpening(baseline);
        double c99 = dropFromOpening(current);
        boolean dropMet = c99 <= b99 * DROP_P99_FRACTION && c99 < DROP_P99_MS;
        rows.add(new Row("hot drop 201 p99 from the opening", ms(b99), ms(c99), ratio(c99, b99),
                "<= 1/8 of baseline and < 500 ms", Double.isFinite(c99) && Double.isFinite(b99) ? dropMet : Boolean.FALSE));
        rows.add(new Row("hot drop 201 p99 from the opening (stretch)", ms(b99), ms(c99), "", "< 250 ms",
                Double.isFinite(c99) && c99 < DROP_P99_STRETCH_MS));
        long bLate = late(baseline);
        long cLate = late(current);
        rows.add(new Row("hot drop order attempts answered > 2 s after the opening", lateOf(baseline, bLate),
                lateOf(current, cLate), "", "0", current.drop() != null && cLate == 0));
        double bLast = baseline.drop() == null ? Double.NaN : baseline.drop().lastAnswerMs();
        double cLast = current.drop() == null ? Double.NaN : current.drop().lastAnswerMs();
        rows.add(new Row("hot drop last answer after the opening", ms(bLast), ms(cLast), ratio(cLast, bLast),
                "<= 2,000 ms", Double.isFinite(cLast) && cLast <= ANSWER_WITHIN_MS));
        double bCpu = AnswerCosts.machineMs(baseline.orders());
        double cCpu = AnswerCosts.machineMs(current.orders());
        rows.add(new Row("machine CPU per placed order (cost table, best level)", cpu(bCpu), cpu(cCpu), ratio(cCpu, bCpu),
                "<= 1.2 ms", Double.isFinite(cCpu) && cCpu <= ORDER_CPU_MS));

        counter(rows, "oversold (hot drop)", baseline.drop() == null ? -1 : baseline.drop().oversold(),
                current.drop() == null ? -1 : current.drop().oversold());
        counter(rows, "undersold (hot drop, after expiry)", baseline.drop() == null ? -1 : baseline.drop().undersold(),
                current.drop() == null ? -1 : current.drop().undersold());
        counter(rows, "duplicate orders (hot drop)", baseline.drop() == null ? -1 : baseline.drop().duplicates(),
                current.drop() == null ? -1 : current.drop().duplicates());
        counter(rows, "server errors (hot drop and sweeps)", serverErrors(baseline), serverErrors(current));
        rows.add(new Row("buy-limited answers (429) in the ordering sweeps: the buyer pool, not the shop, bound them",
                count(limited(baseline)), count(limited(current)), "", "0 in both (else more --sweep-buyers)",
                limited(baseline) == 0 && limited(current) == 0));
        rows.add(new Row("server RSS, max over the run", mib(baseline.maxRssMib()), mib(current.maxRssMib()), "",
                "< 1,024 MiB in both", baseline.maxRssMib() < RSS_MIB && current.maxRssMib() < RSS_MIB));
        return rows;
    }

    /** The concurrency a throughput is read at: {@code at} when both runs measured it, else each run's best. */
    private void throughput(List<Row> rows, String name, java.util.function.Function<Report.Run, Sweep.Result> sweep,
                            double goalRatio) {
        Sweep.Result b = sweep.apply(baseline);
        Sweep.Result c = sweep.apply(current);
        if (b == null || c == null) {
            return;
        }
        Sweep.Level bl = b.at(at);
        Sweep.Level cl = c.at(at);
        String where = " at " + at + " connections";
        if (bl == null || cl == null) {
            bl = b.best();
            cl = c.best();
            where = " at each run's best level (" + at + " not measured)";
        }
        double ratio = cl.perSecond() / bl.perSecond();
        rows.add(new Row(name + where, perSecond(bl), perSecond(cl), ratio(cl.perSecond(), bl.perSecond()),
                Double.isNaN(goalRatio) ? "" : ">= " + fmt(goalRatio) + "x baseline",
                Double.isNaN(goalRatio) ? null : ratio >= goalRatio));
    }

    private static void counter(List<Row> rows, String name, long baseline, long current) {
        rows.add(new Row(name, count(baseline), count(current), "", "0 in both", baseline == 0 && current == 0));
    }

    static long serverErrors(Report.Run run) {
        long n = run.drop() == null ? 0 : run.drop().serverErrors();
        for (Sweep.Result s : new Sweep.Result[] {run.reads(), run.soldOut(), run.orders()}) {
            n += s == null ? 0 : s.serverErrors();
        }
        return n;
    }

    /** 429 answers of the sold-out and ordering sweeps (warm-ups not counted). */
    static long limited(Report.Run run) {
        long n = 0;
        for (Sweep.Result s : new Sweep.Result[] {run.soldOut(), run.orders()}) {
            if (s != null) {
                for (Sweep.Level l : s.levels()) {
                    n += l.outcomes().counts().entrySet().stream().filter(e -> e.getKey().startsWith("429"))
                            .mapToLong(Map.Entry::getValue).sum();
                }
            }
        }
        return n;
    }

    private static double dropFromOpening(Report.Run run) {
        return run.drop() == null ? Double.NaN : run.drop().fromOpeningMs("201", 99);
    }

    private static long late(Report.Run run) {
        return run.drop() == null ? -1 : run.drop().answeredLaterThan(ANSWER_WITHIN_MS);
    }

    private static String lateOf(Report.Run run, long late) {
        return late < 0 ? "n/a" : String.format(Locale.ROOT, "%,d of %,d", late, run.drop().answers());
    }

    /** Current over baseline, "1.23x"; "n/a" when either is missing or the baseline is 0. */
    static String ratio(double current, double baseline) {
        return Double.isFinite(current) && Double.isFinite(baseline) && baseline != 0
                ? String.format(Locale.ROOT, "%.2fx", current / baseline) : "n/a";
    }

    private static String perSecond(Sweep.Level l) {
        return String.format(Locale.ROOT, "%,.0f/s (x%d)", l.perSecond(), l.users());
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f ms", v) : "n/a";
    }

    private static String cpu(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f ms", v) : "n/a";
    }

    private static String mib(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f MiB", v) : "n/a";
    }

    private static String count(long v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
