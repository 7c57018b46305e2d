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
        markdownTable(m, header(false), rows.stream().map(r -> cells(r, null)).toList());
        budget(run).ifPresent(b -> m.append('\n').append(b).append('\n'));
    }

    static void html(Report.Run run, StringBuilder h) {
        List<Row> rows = rows(run);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2>What an answer costs</h2><p>CPU ms per answer at each sweep's best level (machine: everything "
                + "running).</p>");
        htmlTable(h, header(false), rows.stream().map(r -> cells(r, null)).toList());
        budget(run).ifPresent(b -> h.append("<p>").append(Chart.esc(b)).append("</p>"));
    }

    /** Both runs' costs, answer by answer (baseline, then current), in one table. */
    static void markdown(Comparison c, StringBuilder m) {
        List<List<String>> lines = bothLines(c);
        if (!lines.isEmpty()) {
            m.append("\n## CPU per answer by process, both\n\nCPU milliseconds per answer at each sweep's best level "
                    + "(machine: everything running).\n\n");
            markdownTable(m, header(true), lines);
        }
    }

    static void html(Comparison c, StringBuilder h) {
        List<List<String>> lines = bothLines(c);
        if (!lines.isEmpty()) {
            h.append("<h2>CPU per answer by process, both</h2><p>CPU ms per answer at each sweep's best level "
                    + "(machine: everything running).</p>");
            htmlTable(h, header(true), lines);
        }
    }

    private static List<List<String>> bothLines(Comparison c) {
        List<List<String>> lines = new ArrayList<>();
        for (Row[] pair : pairs(rows(c.baseline()), rows(c.current()))) {
            if (pair[0] != null) {
                lines.add(cells(pair[0], "baseline"));
            }
            if (pair[1] != null) {
                lines.add(cells(pair[1], "current"));
            }
        }
        return lines;
    }

    /** The columns of a cost table; with {@code shop}, a second column names the shop of each row. */
    private static List<String> header(boolean shop) {
        List<String> h = new ArrayList<>(shop ? List.of("answer at concurrency", "shop", "/s")
                : List.of("answer at concurrency", "/s"));
        h.addAll(PROCESSES);
        h.addAll(List.of("machine", "machine busy"));
        return h;
    }

    private static List<String> cells(Row r, String shop) {
        List<String> c = new ArrayList<>();
        c.add(r.name());
        if (shop != null) {
            c.add(shop);
        }
        c.add(String.format(Locale.ROOT, "%,.0f", r.perSecond()));
        r.processMs().forEach(ms -> c.add(ms(ms)));
        c.add(ms(r.machineMs()));
        c.add(String.format(Locale.ROOT, "%.0f %%", 100 * r.busyShare()));
        return c;
    }

    /** Text columns (every one before "/s") left, figures right. */
    private static void markdownTable(StringBuilder m, List<String> header, List<List<String>> lines) {
        int text = header.indexOf("/s");
        m.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            m.append(i < text ? "---|" : "---:|");
        }
        m.append('\n');
        lines.forEach(l -> m.append("| ").append(String.join(" | ", l)).append(" |\n"));
    }

    private static void htmlTable(StringBuilder h, List<String> header, List<List<String>> lines) {
        h.append("<table><tr>");
        header.forEach(c -> h.append("<th>").append(Chart.esc(c)).append("</th>"));
        h.append("</tr>");
        for (List<String> l : lines) {
            h.append("<tr>");
            l.forEach(c -> h.append("<td>").append(Chart.esc(c)).append("</td>"));
            h.append("</tr>");
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
