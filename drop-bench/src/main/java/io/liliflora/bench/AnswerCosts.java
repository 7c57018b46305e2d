package io.liliflora.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one answer costs in CPU at each sweep's best level, by process, and what the throughput
 * goals ask of it. On a saturated machine a throughput ratio is the inverse ratio of these costs,
 * so "0.4x the reads" reads as "an order may cost 2.5 reads"; the figures say how far off that is
 * and where the time goes, which a ratio alone cannot.
 */
final class AnswerCosts {

    static final List<String> PROCESSES = List.of("server", "MariaDB", "Redis", "load generator");

    /** One sweep's best level: answers/s, CPU ms per answer by process and for the whole machine. */
    record Row(String name, double perSecond, List<Double> processMs, double machineMs, double busyShare) {
    }

    private AnswerCosts() {
    }

    static List<Row> rows(Report.Run run) {
        List<Row> rows = new ArrayList<>();
        add(rows, "product read (200)", run.reads());
        add(rows, "sold-out refusal (409)", run.soldOut());
        add(rows, "placed order (201)", run.orders());
        return rows;
    }

    private static void add(List<Row> rows, String name, Sweep.Result sweep) {
        if (sweep == null) {
            return;
        }
        Sweep.Level best = sweep.best();
        CpuMeter.Use cpu = best.cpu();
        if (cpu == null) {
            return;
        }
        rows.add(new Row(name + " at " + best.users(), best.perSecond(),
                PROCESSES.stream().map(p -> cpu.msPer(p, best.ok())).toList(), machineMs(sweep), cpu.busyShare()));
    }

    /** Machine CPU ms per answer at the sweep's best level; NaN when it was not run or not metered. */
    static double machineMs(Sweep.Result sweep) {
        if (sweep == null || sweep.best().cpu() == null) {
            return Double.NaN;
        }
        return sweep.best().cpu().machineMsPer(sweep.best().ok());
    }

    /** The goals in CPU: what an order and a refusal may cost beside a read, and what they cost. */
    static Optional<String> budget(Report.Run run) {
        double read = machineMs(run.reads());
        double refusal = machineMs(run.soldOut());
        double order = machineMs(run.orders());
        if (!(read > 0) || !(refusal > 0) || !(order > 0)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "In CPU terms (machine CPU per answer at each best level): "
                + "the 0.40x goal lets a placed order cost 2.5 reads, %.2f ms; it cost %.2f ms (%.1f reads). "
                + "The 0.80x goal lets a sold-out refusal cost 1.25 reads, %.2f ms; it cost %.2f ms (%.1f reads).",
                2.5 * read, order, order / read, 1.25 * read, refusal, refusal / read));
    }

    static void markdown(Report.Run run, StringBuilder m) {
        List<Row> rows = rows(run);
        if (rows.isEmpty()) {
            return;
        }
        m.append("\n## What an answer costs\n\nCPU milliseconds per answer at each sweep's best level, from /proc "
                + "(the machine column holds everything: the processes named, the kernel, anything else running; "
                + "an order's expiry a payment window later is not in it).\n\n");
        m.append("| answer at concurrency | /s |");
        PROCESSES.forEach(p -> m.append(' ').append(p).append(" |"));
        m.append(" machine | machine busy |\n|---|---:|");
        PROCESSES.forEach(p -> m.append("---:|"));
        m.append("---:|---:|\n");
        for (Row r : rows) {
            m.append("| ").append(r.name()).append(String.format(Locale.ROOT, " | %,.0f |", r.perSecond()));
            r.processMs().forEach(ms -> m.append(' ').append(ms(ms)).append(" |"));
            m.append(' ').append(ms(r.machineMs())).append(String.format(Locale.ROOT, " | %.0f %% |%n", 100 * r.busyShare()));
        }
        budget(run).ifPresent(b -> m.append('\n').append(b).append('\n'));
    }

    static void html(Report.Run run, StringBuilder h) {
        List<Row> rows = rows(run);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2>What an answer costs</h2><p>CPU ms per answer at each sweep's best level (machine: everything "
                + "running).</p><table><tr><th>answer at concurrency</th><th>/s</th>");
        PROCESSES.forEach(p -> h.append("<th>").append(Chart.esc(p)).append("</th>"));
        h.append("<th>machine</th><th>machine busy</th></tr>");
        for (Row r : rows) {
            h.append("<tr><td>").append(Chart.esc(r.name())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,.0f", r.perSecond())).append("</td>");
            r.processMs().forEach(ms -> h.append("<td>").append(ms(ms)).append("</td>"));
            h.append("<td>").append(ms(r.machineMs())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f %%", 100 * r.busyShare())).append("</td></tr>");
        }
        h.append("</table>");
        budget(run).ifPresent(b -> h.append("<p>").append(Chart.esc(b)).append("</p>"));
    }

    /** Both runs' costs, answer by answer (baseline, then current), in one table. */
    static void markdown(Comparison c, StringBuilder m) {
        List<Row> base = rows(c.baseline());
        List<Row> cur = rows(c.current());
        if (base.isEmpty() && cur.isEmpty()) {
            return;
        }
        m.append("\n## CPU per answer by process, both\n\nCPU milliseconds per answer at each sweep's best level "
                + "(machine: everything running).\n\n| answer at concurrency | shop | /s |");
        PROCESSES.forEach(p -> m.append(' ').append(p).append(" |"));
        m.append(" machine | machine busy |\n|---|---|---:|");
        PROCESSES.forEach(p -> m.append("---:|"));
        m.append("---:|---:|\n");
        for (Row[] pair : pairs(base, cur)) {
            for (int i = 0; i < 2; i++) {
                Row r = pair[i];
                if (r == null) {
                    continue;
                }
                m.append("| ").append(r.name()).append(" | ").append(i == 0 ? "baseline" : "current")
                        .append(String.format(Locale.ROOT, " | %,.0f |", r.perSecond()));
                r.processMs().forEach(ms -> m.append(' ').append(ms(ms)).append(" |"));
                m.append(' ').append(ms(r.machineMs()))
                        .append(String.format(Locale.ROOT, " | %.0f %% |%n", 100 * r.busyShare()));
            }
        }
    }

    static void html(Comparison c, StringBuilder h) {
        List<Row> base = rows(c.baseline());
        List<Row> cur = rows(c.current());
        if (base.isEmpty() && cur.isEmpty()) {
            return;
        }
        h.append("<h2>CPU per answer by process, both</h2><p>CPU ms per answer at each sweep's best level (machine: "
                + "everything running).</p><table><tr><th>answer at concurrency</th><th>shop</th><th>/s</th>");
        PROCESSES.forEach(p -> h.append("<th>").append(Chart.esc(p)).append("</th>"));
        h.append("<th>machine</th><th>machine busy</th></tr>");
        for (Row[] pair : pairs(base, cur)) {
            for (int i = 0; i < 2; i++) {
                Row r = pair[i];
                if (r == null) {
                    continue;
                }
                h.append("<tr><td>").append(Chart.esc(r.name())).append("</td><td>").append(i == 0 ? "baseline" : "current")
                        .append("</td><td>").append(String.format(Locale.ROOT, "%,.0f", r.perSecond())).append("</td>");
                r.processMs().forEach(ms -> h.append("<td>").append(ms(ms)).append("</td>"));
                h.append("<td>").append(ms(r.machineMs())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.0f %%", 100 * r.busyShare())).append("</td></tr>");
            }
        }
        h.append("</table>");
    }

    /** The baseline's and the current run's row of each answer kind, by kind (either may be missing). */
    static List<Row[]> pairs(List<Row> baseline, List<Row> current) {
        List<Row[]> pairs = new ArrayList<>();
        for (String kind : List.of("product read", "sold-out refusal", "placed order")) {
            Row b = baseline.stream().filter(r -> r.name().startsWith(kind)).findFirst().orElse(null);
            Row c = current.stream().filter(r -> r.name().startsWith(kind)).findFirst().orElse(null);
            if (b != null || c != null) {
                pairs.add(new Row[] {b, c});
            }
        }
        return pairs;
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
    }
}
